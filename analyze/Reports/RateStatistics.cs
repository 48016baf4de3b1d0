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
        var busy = group.Bins.NonEmpty().ToList();
        PeakTxRate = busy.Count == 0 ? 0 : busy.Max(b => b.Tx) / intervalSeconds;
        PeakRxRate = busy.Count == 0 ? 0 : busy.Max(b => b.Rx) / intervalSeconds;
        sortedTotals = busy.Select(b => b.Tx + b.Rx).Order().ToArray();
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
