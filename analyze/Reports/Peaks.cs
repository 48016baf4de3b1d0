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
        var groupBy = GroupFields.SeparatingHosts(options.GroupBy ?? [], recordings);
        var scan = TrafficScan.Run(recordings, new ScanRequest(GroupKey.By(groupBy), options.Filter, options.WindowOf(recordings), stepNs));
        var talkerKey = TalkerKey(recordings, groupBy);
        return From(recordings, scan, windowNs, count, (groupKey, window, _) =>
        {
            var talkers = TrafficScan.Run(recordings, ScanRequest.TotalsOf(talkerKey, options.Filter, window));
            return Talkers(talkers.Groups.Select(g => (g.Key, g.TotalBytes)), groupKey);
        });
    }

    /// <summary>
    /// The scan whose groups name the talkers of all traffic's peaks at <paramref name="scan"/>'s interval: by process,
    /// each with its bytes per interval. Null when <paramref name="scan"/> is grouped by process already, so it serves.
    /// </summary>
    public static ScanRequest? TalkerRequest(RecordingSet recordings, ScanRequest scan)
    {
        var key = TalkerKey(recordings, []);
        return key.Columns.SequenceEqual(scan.Key.Columns) ? null : scan with { Key = key };
    }

    /// <summary>
    /// All traffic's busiest windows of one interval of a scan already made (grouped any way: its groups are added up):
    /// what `pnm peaks --window I --step I` gives for the scan's interval I. Each window's talkers come from the bins of
    /// <paramref name="talkerScan"/>, made as <see cref="TalkerRequest"/> asks (<paramref name="scan"/> itself when that was null).
    /// </summary>
    public static AnalysisReport OfAllTraffic(RecordingSet recordings, ScanResult scan, ScanResult talkerScan, int count = DefaultCount)
    {
        // The windows read the payload only: the groups' sockets (thousands of sockets in a set) need not be merged.
        var whole = new GroupTraffic([]);
        foreach (var group in scan.Groups)
            whole.AddPayload(group);
        return From(recordings, scan with { Groups = [whole], KeyColumns = [] }, scan.BinNs, count,
            (groupKey, _, startBin) => Talkers(talkerScan.Groups.Select(g => (g.Key, g.Bins.BytesIn(startBin, startBin + 1))), groupKey));
    }

    /// <summary>Process after the grouping: the key a talker is named by.</summary>
    private static GroupKey TalkerKey(RecordingSet recordings, IReadOnlyList<GroupField> groupBy) =>
        GroupKey.By(GroupFields.SeparatingHosts([.. groupBy, GroupField.Pid], recordings));

    /// <param name="talkersOf">Who moved the bytes of one group's window (given also as its first bin of the scan).</param>
    private static AnalysisReport From(RecordingSet recordings, ScanResult scan, long windowNs, int count,
        Func<IReadOnlyList<object?>, AnalysisWindow, long, PeakTalkers> talkersOf)
    {
        long stepNs = scan.BinNs;
        int steps = (int)(windowNs / stepNs);

        var columns = new List<ResultColumn>();
        columns.AddRange(scan.KeyColumns.Select(TrafficReport.KeyColumn));
        columns.AddRange([new("rank", ColumnKind.Integer), new("start", ColumnKind.Time), new("end", ColumnKind.Time),
            new("tx_bytes", ColumnKind.Bytes), new("rx_bytes", ColumnKind.Bytes), new("rate", ColumnKind.Rate), new("talkers", ColumnKind.Text)]);
        var rows = new List<object?[]>();
        foreach (var group in scan.Groups.Where(g => g.TxEvents + g.RxEvents > 0).OrderByDescending(g => g.TotalBytes).ThenBy(g => g.Key, KeyOrder.Instance))
        {
            int rank = 0;
            foreach (var (startBin, tx, rx) in BusiestWindows(group.Bins, steps, count, lastStart: Math.Max(0, scan.BinCount - steps)))
            {
                long start = scan.BinStartWallNs(startBin), end = start + windowNs;
                var talkers = talkersOf(group.Key, new AnalysisWindow(start, end, start, end), startBin);
                rows.Add([.. group.Key, (long)++rank, start, end, tx, rx, (tx + rx) / (windowNs / 1e9), talkers]);
            }
        }
        return new AnalysisReport(AnalysisSummary.Of("peaks", recordings, scan), new ResultTable(columns, rows));
    }

    /// <summary>
    /// Sums every window of <paramref name="steps"/> bins that holds traffic and starts between bin 0 and
    /// <paramref name="lastStart"/> (windows stay inside the selection where they fit), then takes the largest
    /// that do not overlap one already taken; ties go to the earlier window.
    /// </summary>
    internal static List<(long StartBin, long Tx, long Rx)> BusiestWindows(BinSeries bins, int steps, int count, long lastStart)
    {
        // Plain arrays and loops: this runs once per group and page, too few times for LINQ over tuples to be compiled well.
        var busy = bins.NonEmpty().ToArray();
        var starts = WindowStarts(busy, steps, lastStart);
        var (txSums, rxSums) = (new long[starts.Length], new long[starts.Length]);
        int first = 0, last = 0; // busy[first..last) lie inside the current window
        long tx = 0, rx = 0;
        for (int s = 0; s < starts.Length; s++)
        {
            long start = starts[s];
            while (last < busy.Length && busy[last].Bin < start + steps)
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
            (txSums[s], rxSums[s]) = (tx, rx);
        }
        // Most bytes first; the starts are distinct and ascending, so the index breaks ties to the earlier window.
        var order = StableOrder.Of(starts.Length, (a, b) => (txSums[b] + rxSums[b]).CompareTo(txSums[a] + rxSums[a]));
        var taken = new List<(long StartBin, long Tx, long Rx)>(count);
        foreach (int candidate in order)
        {
            if (taken.Count == count)
                break;
            if (!Overlaps(taken, starts[candidate], steps))
                taken.Add((starts[candidate], txSums[candidate], rxSums[candidate]));
        }
        return taken;
    }

    /// <summary>
    /// Every window start (clamped to [0, <paramref name="lastStart"/>]) whose window holds a busy bin, distinct and ascending:
    /// a busy bin's starts are one run of starts, and the runs of bins in time order do not go back.
    /// </summary>
    private static long[] WindowStarts((long Bin, long Tx, long Rx)[] busy, int steps, long lastStart)
    {
        var starts = new List<long>();
        long next = long.MinValue; // the first start not taken yet
        foreach (var (bin, _, _) in busy)
        {
            long from = Math.Max(next, Math.Clamp(bin - steps + 1, 0, lastStart)), to = Math.Clamp(bin, 0, lastStart);
            for (long start = from; start <= to; start++)
                starts.Add(start);
            next = Math.Max(next, to + 1);
        }
        return [.. starts];
    }

    private static bool Overlaps(List<(long StartBin, long Tx, long Rx)> taken, long start, int steps)
    {
        foreach (var window in taken)
            if (Math.Abs(window.StartBin - start) < steps)
                return true;
        return false;
    }

    /// <summary>
    /// Who moved the bytes of one peak window of the group <paramref name="groupKey"/>: of the processes (keyed by group and
    /// process) with their bytes in the window, those of the group that moved any, most first. `pnm peaks` finds them by a
    /// scan of each window alone (one scan of the whole selection by process as well would serve every window, but keeps a
    /// bin series per process: measured on an hour of 300 processes, 3x the time and 4.6x the memory of these few small
    /// scans when peaks are not grouped); the HTML report reads them from a scan it makes anyway.
    /// </summary>
    private static PeakTalkers Talkers(IEnumerable<(IReadOnlyList<object?> Key, long Bytes)> processes, IReadOnlyList<object?> groupKey)
    {
        var talkers = new List<(IReadOnlyList<object?> Key, long Bytes)>();
        foreach (var process in processes)
            if (process.Bytes > 0 && InGroup(process.Key, groupKey))
                talkers.Add(process);
        // Most bytes first, then by key; ties keep the scan's order.
        var order = StableOrder.Of(talkers.Count, (a, b) => talkers[a].Bytes != talkers[b].Bytes ? talkers[b].Bytes.CompareTo(talkers[a].Bytes)
            : KeyOrder.Instance.Compare(talkers[a].Key, talkers[b].Key));
        var busiest = new List<Talker>(TalkersShown);
        foreach (int i in order.Take(TalkersShown))
            busiest.Add(new Talker((string?)talkers[i].Key[^1], (long?)talkers[i].Key[^2], talkers[i].Bytes));
        return new PeakTalkers(busiest, talkers.Count - busiest.Count);
    }

    /// <summary>Whether a process's key starts with the group's key.</summary>
    private static bool InGroup(IReadOnlyList<object?> processKey, IReadOnlyList<object?> groupKey)
    {
        if (processKey.Count < groupKey.Count)
            return false;
        for (int i = 0; i < groupKey.Count; i++)
            if (!Equals(processKey[i], groupKey[i]))
                return false;
        return true;
    }
}
