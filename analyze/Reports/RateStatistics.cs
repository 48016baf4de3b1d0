namespace ProcNetMon2.Analyze.Reports;

/// <summary>Rates of one group over the intervals of the window, silent intervals included.</summary>
public sealed class RateStatistics
{
    // The busy intervals' bytes (tx + rx), in no particular order until SortedBusyTotals is asked for: a percentile
    // selects its value (NthSmallest), which reorders them.
    private readonly long[] busyTotals;
    private bool sorted;
    // After a selection: every busy total before this index is at most the one there, every one after it at least.
    private int selected = -1;
    private readonly long silentIntervals;
    private readonly double intervalSeconds;

    /// <summary>The busy intervals' bytes (tx + rx), ascending; the other intervals of the window were silent.</summary>
    public ReadOnlyMemory<long> SortedBusyTotals
    {
        get
        {
            if (!sorted)
                RadixSort.Sort(busyTotals);
            sorted = true;
            return busyTotals;
        }
    }

    public double PeakTxRate { get; }
    public double PeakRxRate { get; }

    public RateStatistics(GroupTraffic group, ScanResult scan)
    {
        intervalSeconds = scan.BinNs / 1e9;
        busyTotals = group.Bins.BusyTotals(out long peakTx, out long peakRx);
        PeakTxRate = peakTx / intervalSeconds;
        PeakRxRate = peakRx / intervalSeconds;
        silentIntervals = Math.Max(0, scan.BinCount - busyTotals.Length);
    }

    /// <summary>
    /// The nearest-rank percentile of the per-interval rate (tx + rx): the value at rank ⌈p/100 · N⌉ of
    /// the N intervals in ascending order.
    /// </summary>
    public double Percentile(double percent)
    {
        long count = silentIntervals + busyTotals.Length;
        long rank = Math.Max(1, (long)Math.Ceiling(percent / 100 * count));
        if (rank <= silentIntervals)
            return 0;
        int index = (int)(rank - silentIntervals - 1);
        return (sorted ? busyTotals[index] : Select(index)) / intervalSeconds;
    }

    // A selection leaves the totals split around its index: the next percentile looks only on its side of it (p95 in the
    // upper half that p50 left, p99 in the upper twentieth that p95 left).
    private long Select(int index)
    {
        long value = selected < 0 ? NthSmallest.Of(busyTotals, index)
            : index >= selected ? NthSmallest.Of(busyTotals.AsSpan(selected), index - selected)
            : NthSmallest.Of(busyTotals.AsSpan(0, selected + 1), index);
        selected = index;
        return value;
    }
}
