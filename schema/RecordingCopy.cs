namespace ProcNetMon2.Schema;

/// <summary>Copies everything a recording holds into a sink of any format: what pnm convert does.</summary>
public static class RecordingCopy
{
    /// <returns>Events copied.</returns>
    public static long Copy(IRecordingSource source, IRecordingSink sink)
    {
        var info = source.Info;
        sink.Begin(info with { StoppedNs = null });
        foreach (var process in source.ReadProcesses())
            sink.UpsertProcess(process);
        foreach (var socket in source.ReadSockets())
            sink.UpsertSocket(socket);
        long total = 0;
        // The reader's own batches: no copy of its own to allocate, and each is added before the next is taken.
        foreach (var batch in source.ReadEventBatches(long.MinValue, long.MaxValue))
        {
            sink.AddEvents(batch.Span);
            total += batch.Length;
        }
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
