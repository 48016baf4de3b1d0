namespace ProcNetMon2.Schema;

/// <summary>Where a recorder writes, in either storage format: every kind of row a recording holds. Upserts may repeat a row with newer values.</summary>
public interface IRecordingSink : IDisposable
{
    /// <summary>The recording model version this sink writes (<see cref="Schema.FormatVersion"/>), stated in the recording's info.</summary>
    int FormatVersion { get; }
    void Begin(RecordingInfo info);
    void UpsertProcess(ProcessRecord process);
    void UpsertSocket(SocketRecord socket);
    void AddEvents(ReadOnlySpan<IoEvent> events);
    void AddLoss(LossRecord loss);
    /// <summary>The recorder's own statistics of one flush window.</summary>
    void AddRecorderStats(RecorderStatsRecord stats);
    void UpsertInterface(InterfaceRecord networkInterface);
    void AddPacketFlows(IReadOnlyList<PacketFlowRecord> flows);
    void AddTcpIncidents(IReadOnlyList<TcpIncidentRecord> incidents);
    void AddSummarizedIo(IReadOnlyList<SummarizedIoRecord> summaries);
    /// <summary>Makes everything written so far durable and readable.</summary>
    void Flush();
    /// <summary>Marks the recording complete; nothing may be written after.</summary>
    void Finish(long stoppedNs);
}
