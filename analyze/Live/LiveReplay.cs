using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze.Live;

/// <summary>
/// Plays a recording into a sink the way the recorder wrote it: its processes, sockets and interfaces first, then
/// each interval's events, calls the kernel summed, packet flows, losses and recorder statistics,
/// then a flush at the interval's end, waiting between intervals as long as they lasted divided by
/// the speed. The sink's clock is <see cref="NowNs"/>.
/// </summary>
public sealed class LiveReplay(IRecordingSource source, TimeSpan interval, double speed)
{
    private const int EventBatch = 16_384;

    /// <summary>Where the replay is, in the recording's monotonic nanoseconds.</summary>
    public long NowNs { get; private set; } = source.Info.StartedNs;

    public void Play(IRecordingSink sink, CancellationToken stop)
    {
        var info = source.Info;
        long endNs = info.StoppedNs ?? Math.Max(info.StartedNs, source.ReadLastEventNs() ?? info.StartedNs);
        long intervalNs = interval.Ticks * 100;
        sink.Begin(info);
        foreach (var process in source.ReadProcesses())
            sink.UpsertProcess(process);
        foreach (var socket in source.ReadSockets())
            sink.UpsertSocket(socket);
        foreach (var networkInterface in source.ReadInterfaces())
            sink.UpsertInterface(networkInterface);

        using var events = source.ReadEvents().GetEnumerator();
        bool hasEvent = events.MoveNext();
        var summaries = new Queue<SummarizedIoRecord>(source.ReadSummarizedIo());
        var flows = new Queue<PacketFlowRecord>(source.ReadPacketFlows().OrderBy(f => f.WindowStartNs));
        var losses = new Queue<LossRecord>(source.ReadLosses().OrderBy(l => l.WindowStartNs));
        var stats = new Queue<RecorderStatsRecord>(source.ReadRecorderStats().OrderBy(s => s.WindowEndNs));
        var batch = new IoEvent[EventBatch];
        var pace = System.Diagnostics.Stopwatch.StartNew();

        for (long boundary = info.StartedNs + intervalNs; ; boundary += intervalNs)
        {
            bool last = boundary >= endNs;
            long limit = last ? long.MaxValue : boundary;
            int count = 0;
            while (hasEvent && events.Current.TimestampNs < limit)
            {
                batch[count++] = events.Current;
                if (count == batch.Length)
                {
                    sink.AddEvents(batch);
                    count = 0;
                }
                hasEvent = events.MoveNext();
            }
            sink.AddEvents(batch.AsSpan(0, count));
            sink.AddSummarizedIo(Take(summaries, s => s.WindowStartNs < limit));
            sink.AddPacketFlows(Take(flows, f => f.WindowStartNs < limit));
            foreach (var loss in Take(losses, l => l.WindowStartNs < limit))
                sink.AddLoss(loss);
            foreach (var stat in Take(stats, s => s.WindowEndNs <= limit))
                sink.AddRecorderStats(stat);
            if (last)
            {
                NowNs = endNs;
                sink.Finish(endNs);
                return;
            }
            NowNs = boundary;
            sink.Flush();
            var due = TimeSpan.FromTicks((long)((boundary - info.StartedNs) / 100 / speed));
            if (due > pace.Elapsed && stop.WaitHandle.WaitOne(due - pace.Elapsed))
                return;
            if (stop.IsCancellationRequested)
                return;
        }
    }

    private static List<T> Take<T>(Queue<T> queue, Func<T, bool> due)
    {
        var taken = new List<T>();
        while (queue.Count > 0 && due(queue.Peek()))
            taken.Add(queue.Dequeue());
        return taken;
    }
}
