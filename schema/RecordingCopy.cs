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
        foreach (var networkInterface in source.ReadInterfaces())
            sink.UpsertInterface(networkInterface);
        sink.AddPacketFlows(source.ReadPacketFlows());
        sink.AddSummarizedIo(source.ReadSummarizedIo());
        foreach (var window in source.ReadRecorderStats())
            sink.AddRecorderStats(window);
        sink.AddTcpIncidents(source.ReadTcpIncidents());
        sink.Flush();
        if (info.StoppedNs is { } stopped)
            sink.Finish(stopped);
        return total;
    }
}
