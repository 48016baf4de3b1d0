namespace ProcNetMon2.Schema;

/// <summary>Copies everything a recording holds into a sink of any format: what pnm convert does.</summary>
public static class RecordingCopy
{
    private const int EventBatch = 65_536;

    /// <returns>Events copied.</returns>
    public static long Copy(IRecordingSource source, IRecordingSink sink)
    {
        var info = source.Info;
        sink.Begin(info with { StoppedNs = null });
        foreach (var process in source.ReadProcesses())
            sink.UpsertProcess(process);
        foreach (var socket in source.ReadSockets())
            sink.UpsertSocket(socket);
        var batch = new IoEvent[EventBatch];
        int count = 0;
        long total = 0;
        foreach (var e in source.ReadEvents())
        {
            batch[count++] = e;
            if (count == batch.Length)
            {
                sink.AddEvents(batch);
                total += count;
                count = 0;
            }
        }
        sink.AddEvents(batch.AsSpan(0, count));
        total += count;
        foreach (var loss in source.ReadLosses())
            sink.AddLoss(loss);
        if (source is IPacketFlowSource packets && sink is IPacketFlowSink packetSink)
        {
            foreach (var networkInterface in packets.ReadInterfaces())
                packetSink.UpsertInterface(networkInterface);
            packetSink.AddPacketFlows(packets.ReadPacketFlows());
        }
        if (source is ISummarizedIoSource summarized && sink is ISummarizedIoSink summarizedSink)
            summarizedSink.AddSummarizedIo(summarized.ReadSummarizedIo());
        if (source is IRecorderStatsSource stats && sink is IRecorderStatsSink statsSink)
            foreach (var window in stats.ReadRecorderStats())
                statsSink.AddRecorderStats(window);
        if (source is ITcpIncidentSource incidents && sink is ITcpIncidentSink incidentSink)
            incidentSink.AddTcpIncidents(incidents.ReadTcpIncidents());
        sink.Flush();
        if (info.StoppedNs is { } stopped)
            sink.Finish(stopped);
        return total;
    }
}
