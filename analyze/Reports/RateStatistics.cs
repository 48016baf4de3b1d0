namespace ProcNetMon2.Analyze.Reports;

/// <summary>Rates of one group over the intervals of the window, silent intervals included.</summary>
public sealed class RateStatistics
{
    private readonly long[] sortedTotals;
    private readonly long silentIntervals;
    private readonly double intervalSeconds;

    /// <summary>The busy intervals' bytes (tx + rx), ascending; the other intervals of the window were silent.</summary>
    public IReadOnlyList<long> SortedBusyTotals => sortedTotals;
    public double PeakTxRate { get; }
    public double PeakRxRate { get; }

    public RateStatistics(GroupTraffic group, ScanResult scan)
    {
        intervalSeconds = scan.BinNs / 1e9;
        // Only each busy interval's total, in an array of their number: a list of the busy intervals themselves was one
        // allocation on the large object heap per group of an hour at 1 s (24 B each), which made most of a report's
        // full collections.
        sortedTotals = new long[group.Bins.NonEmptyCount()];
        long peakTx = 0, peakRx = 0;
        int at = 0;
        foreach (var (_, tx, rx) in group.Bins.NonEmpty())
        {
            (peakTx, peakRx) = (Math.Max(peakTx, tx), Math.Max(peakRx, rx));
            sortedTotals[at++] = tx + rx;
        }
        Array.Sort(sortedTotals);
        PeakTxRate = peakTx / intervalSeconds;
        PeakRxRate = peakRx / intervalSeconds;
        silentIntervals = Math.Max(0, scan.BinCount - sortedTotals.Length);
    }

    /// <summary>
    /// The nearest-rank percentile of the per-interval rate (tx + rx): the value at rank ⌈p/100 · N⌉ of
    /// the N intervals in ascending order.
    /// </summary>
    public double Percentile(double percent)
    {
        long count = silentIntervals + sortedTotals.Length;
        long rank = Math.Max(1, (long)Math.Ceiling(percent / 100 * count));
        return rank <= silentIntervals ? 0 : sortedTotals[rank - silentIntervals - 1] / intervalSeconds;
    }
}
