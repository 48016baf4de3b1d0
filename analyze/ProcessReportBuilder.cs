using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze;

/// <summary>Builds the per-process traffic report in one streaming pass over a recording's events.</summary>
public static class ProcessReportBuilder
{
    private const long NanosecondsPerSecond = 1_000_000_000;
    private const string UnknownProcessName = "?";

    /// <param name="top">Keep only the busiest N processes; null keeps all.</param>
    public static ProcessReport Build(IRecordingSource source, int? top = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (top is { } limit)
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit, nameof(top));

        var info = source.Info;
        var traffic = new Dictionary<long, ProcessTraffic>();
        long eventCount = 0;
        long? lastEventNs = null;
        foreach (var io in source.ReadEvents())
        {
            if (!traffic.TryGetValue(io.ProcessId, out var process))
                traffic.Add(io.ProcessId, process = new ProcessTraffic());
            process.Add(io, WindowOf(io.TimestampNs, info.StartedNs));
            eventCount++;
            lastEventNs = lastEventNs is { } last ? Math.Max(last, io.TimestampNs) : io.TimestampNs;
        }

        var spanEndNs = Math.Max(info.StartedNs, info.StoppedNs ?? lastEventNs ?? info.StartedNs);
        var spanSeconds = (double)(spanEndNs - info.StartedNs) / NanosecondsPerSecond;
        var processes = source.ReadProcesses().ToDictionary(p => p.ProcessId);

        var rows = traffic
            .Select(entry => ToRow(entry.Key, entry.Value, processes.GetValueOrDefault(entry.Key), spanSeconds))
            .OrderByDescending(row => row.TotalBytes)
            .ThenBy(row => row.Pid)
            .ThenBy(row => row.ProcessId);

        var losses = source.ReadLosses();
        var summary = new RecordingSummary
        {
            Path = source.Path,
            Host = info.Host,
            KernelRelease = info.KernelRelease,
            Backend = info.Backend,
            PnmVersion = info.PnmVersion,
            SpanStart = info.ToWallClock(info.StartedNs),
            SpanEnd = info.ToWallClock(spanEndNs),
            DurationSeconds = spanSeconds,
            EventCount = eventCount,
            LostEvents = losses.Sum(loss => loss.Lost),
            LossWindows = losses.GroupBy(loss => loss.WindowStartNs).OrderBy(g => g.Key)
                .Select(g => new LossWindow(info.ToWallClock(g.Key), g.Sum(loss => loss.Lost))).ToList(),
            Complete = info.StoppedNs is not null,
            Filters = info.Filters,
        };
        return new ProcessReport(summary, (top is { } n ? rows.Take(n) : rows).ToList());
    }

    /// <summary>Window k covers [start + k s, start + (k + 1) s); earlier events get negative windows.</summary>
    private static long WindowOf(long timestampNs, long startedNs)
    {
        var offset = timestampNs - startedNs;
        return offset >= 0 ? offset / NanosecondsPerSecond : (offset + 1) / NanosecondsPerSecond - 1;
    }

    private static ProcessRow ToRow(long processId, ProcessTraffic traffic, ProcessRecord? process, double spanSeconds) => new()
    {
        ProcessId = processId,
        Pid = process?.Pid,
        Name = process?.Comm ?? UnknownProcessName,
        TxBytes = traffic.Tx.TotalBytes,
        RxBytes = traffic.Rx.TotalBytes,
        AvgTxBytesPerSec = Rate(traffic.Tx.TotalBytes, spanSeconds),
        AvgRxBytesPerSec = Rate(traffic.Rx.TotalBytes, spanSeconds),
        PeakTxBytesPerSec = traffic.Tx.PeakWindowBytes,
        PeakRxBytesPerSec = traffic.Rx.PeakWindowBytes,
        Sockets = traffic.SocketCount,
    };

    private static double Rate(long bytes, double seconds) => seconds > 0 ? bytes / seconds : 0;
}
