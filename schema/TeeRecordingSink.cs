namespace ProcNetMon2.Schema;

/// <summary>
/// Hands every row to two sinks, the first (the recording) before the second (a live view tapping the
/// same rows): a recording is made durable before anything else sees its rows.
/// </summary>
public sealed class TeeRecordingSink(IRecordingSink first, IRecordingSink second) : IRecordingSink
{
    public int FormatVersion => first.FormatVersion;

    public void Begin(RecordingInfo info)
    {
        first.Begin(info);
        second.Begin(info);
    }

    public void UpsertProcess(ProcessRecord process)
    {
        first.UpsertProcess(process);
        second.UpsertProcess(process);
    }

    public void UpsertSocket(SocketRecord socket)
    {
        first.UpsertSocket(socket);
        second.UpsertSocket(socket);
    }

    public void AddEvents(ReadOnlySpan<IoEvent> events)
    {
        first.AddEvents(events);
        second.AddEvents(events);
    }

    public void AddLoss(LossRecord loss)
    {
        first.AddLoss(loss);
        second.AddLoss(loss);
    }

    public void AddRecorderStats(RecorderStatsRecord stats)
    {
        first.AddRecorderStats(stats);
        second.AddRecorderStats(stats);
    }

    public void UpsertInterface(InterfaceRecord networkInterface)
    {
        first.UpsertInterface(networkInterface);
        second.UpsertInterface(networkInterface);
    }

    public void AddPacketFlows(IReadOnlyList<PacketFlowRecord> flows)
    {
        first.AddPacketFlows(flows);
        second.AddPacketFlows(flows);
    }

    public void AddTcpIncidents(IReadOnlyList<TcpIncidentRecord> incidents)
    {
        first.AddTcpIncidents(incidents);
        second.AddTcpIncidents(incidents);
    }

    public void AddSummarizedIo(IReadOnlyList<SummarizedIoRecord> summaries)
    {
        first.AddSummarizedIo(summaries);
        second.AddSummarizedIo(summaries);
    }

    public void Flush()
    {
        first.Flush();
        second.Flush();
    }

    public void Finish(long stoppedNs)
    {
        first.Finish(stoppedNs);
        second.Finish(stoppedNs);
    }

    public void Dispose()
    {
        try
        {
            first.Dispose();
        }
        finally
        {
            second.Dispose();
        }
    }
}
