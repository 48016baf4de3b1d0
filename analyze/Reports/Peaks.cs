namespace ProcNetMon2.Analyze.Reports;

/// <summary>A process that moved bytes in a peak window; null pid and name for traffic no process was named for.</summary>
public sealed record Talker(string? Comm, long? Pid, long Bytes);

/// <summary>The processes that moved the most in a peak window (most first), and how many others moved bytes in it.</summary>
public sealed record PeakTalkers(IReadOnlyList<Talker> Busiest, int Others) : IComparable
{
    /// <summary>For --sort talkers: by the bytes of the busiest talker, then of the next, and so on.</summary>
    public int CompareTo(object? other)
    {
        if (other is not PeakTalkers talkers)
            return 1;
        for (int i = 0; i < Math.Min(Busiest.Count, talkers.Busiest.Count); i++)
            if (Busiest[i].Bytes.CompareTo(talkers.Busiest[i].Bytes) is var order and not 0)
                return order;
        return Busiest.Count.CompareTo(talkers.Busiest.Count);
    }
}

/// <summary>
/// `pnm peaks`: per group, the N windows of fixed length (sliding in steps) that moved the most bytes,
/// without overlapping each other, and the processes that moved them.
/// </summary>
public static class Peaks
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultStep = TimeSpan.FromMilliseconds(100);
    public const int DefaultCount = 5;
    private const int TalkersShown = 3;

    /// <exception cref="UsageException">The window is not a whole number of steps.</exception>
    public static AnalysisReport Build(RecordingSet recordings, ReportOptions options, TimeSpan window, TimeSpan step, int count = DefaultCount)
    {
        long windowNs = ReportOptions.Nanoseconds(window), stepNs = ReportOptions.Nanoseconds(step);
        if (stepNs <= 0 || windowNs < stepNs || windowNs % stepNs != 0)
            throw new UsageException("--window must be a whole number of --step lengths (e.g. --window 1s --step 100ms)");
        var groupBy = options.GroupBy ?? [];
        // One scan by group and process: a group's traffic is the sum of its processes', whose bins name the talkers of any window.
        var scan = TrafficScan.Run(recordings, new ScanRequest(GroupKey.By([.. groupBy, GroupField.Pid]), options.Filter,
            options.WindowOf(recordings), stepNs));
        var keyColumns = GroupKey.By(groupBy).Columns;
        int steps = (int)(windowNs / stepNs);

        var columns = new List<ResultColumn>();
        columns.AddRange(keyColumns.Select(TrafficReport.KeyColumn));
        columns.AddRange([new("rank", ColumnKind.Integer), new("start", ColumnKind.Time), new("end", ColumnKind.Time),
            new("tx_bytes", ColumnKind.Bytes), new("rx_bytes", ColumnKind.Bytes), new("rate", ColumnKind.Rate), new("talkers", ColumnKind.Text)]);
        var rows = new List<object?[]>();
        foreach (var (group, processes) in ByGroup(scan.Groups, keyColumns.Count)
                     .Where(g => g.Group.TxEvents + g.Group.RxEvents > 0).OrderByDescending(g => g.Group.TotalBytes).ThenBy(g => g.Group.Key, KeyOrder.Instance))
        {
            int rank = 0;
            foreach (var (startBin, tx, rx) in BusiestWindows(group.Bins, steps, count, lastStart: Math.Max(0, scan.BinCount - steps)))
            {
                long start = scan.BinStartWallNs(startBin), end = start + windowNs;
                rows.Add([.. group.Key, (long)++rank, start, end, tx, rx, (tx + rx) / (windowNs / 1e9), Talkers(processes, startBin, startBin + steps)]);
            }
        }
        return new AnalysisReport(AnalysisSummary.Of("peaks", recordings, scan), new ResultTable(columns, rows));
    }

    /// <summary>The groups of the report, each the sum of its processes (keys of <paramref name="keyLength"/> values and a process's two).</summary>
    private static IEnumerable<(GroupTraffic Group, List<GroupTraffic> Processes)> ByGroup(IReadOnlyList<GroupTraffic> processes, int keyLength)
    {
        var groups = new Dictionary<string, (GroupTraffic Group, List<GroupTraffic> Processes)>();
        foreach (var process in processes)
        {
            var key = process.Key.Take(keyLength).ToArray();
            string name = GroupTraffic.NameOf(key);
            if (!groups.TryGetValue(name, out var entry))
                groups.Add(name, entry = (new GroupTraffic(key), []));
            entry.Group.Add(process);
            entry.Processes.Add(process);
        }
        return groups.Values;
    }

    /// <summary>
    /// Sums every window of <paramref name="steps"/> bins that holds traffic and starts between bin 0 and
    /// <paramref name="lastStart"/> (windows stay inside the selection where they fit), then takes the largest
    /// that do not overlap one already taken; ties go to the earlier window.
    /// </summary>
    internal static List<(long StartBin, long Tx, long Rx)> BusiestWindows(BinSeries bins, int steps, int count, long lastStart)
    {
        var busy = bins.NonEmpty().ToList();
        var starts = busy.SelectMany(b => Enumerable.Range(0, steps).Select(k => Math.Clamp(b.Bin - k, 0, lastStart))).Distinct().Order().ToList();
        var sums = new List<(long StartBin, long Tx, long Rx)>(starts.Count);
        int first = 0, last = 0; // busy[first..last) lie inside the current window
        long tx = 0, rx = 0;
        foreach (long start in starts)
        {
            while (last < busy.Count && busy[last].Bin < start + steps)
            {
                tx += busy[last].Tx;
                rx += busy[last].Rx;
                last++;
            }
            while (first < last && busy[first].Bin < start)
            {
                tx -= busy[first].Tx;
                rx -= busy[first].Rx;
                first++;
            }
            sums.Add((start, tx, rx));
        }
        var taken = new List<(long StartBin, long Tx, long Rx)>();
        foreach (var candidate in sums.OrderByDescending(s => s.Tx + s.Rx).ThenBy(s => s.StartBin))
        {
            if (taken.Count == count)
                break;
            if (taken.All(t => Math.Abs(t.StartBin - candidate.StartBin) >= steps))
                taken.Add(candidate);
        }
        return taken;
    }

    /// <summary>The processes that moved bytes in bins [<paramref name="fromBin"/>, <paramref name="toBin"/>), most first (ties by key).</summary>
    private static PeakTalkers Talkers(List<GroupTraffic> processes, long fromBin, long toBin)
    {
        var talkers = processes
            .Select(p => (p.Key, Bytes: p.Bins.NonEmpty().Where(b => b.Bin >= fromBin && b.Bin < toBin).Sum(b => b.Tx + b.Rx)))
            .Where(t => t.Bytes > 0)
            .OrderByDescending(t => t.Bytes).ThenBy(t => t.Key, KeyOrder.Instance)
            .ToList();
        var busiest = talkers.Take(TalkersShown).Select(t => new Talker((string?)t.Key[^1], (long?)t.Key[^2], t.Bytes)).ToList();
        return new PeakTalkers(busiest, talkers.Count - busiest.Count);
    }
}
