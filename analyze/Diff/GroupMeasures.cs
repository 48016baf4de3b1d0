using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Analyze.Diff;

/// <summary>Which per-interval series a metric comes from, for the rank test.</summary>
public enum RateSeries
{
    None,
    Tx,
    Rx,
    Total,
}

/// <summary>
/// What one group did on one side of a diff, measured from its traffic in that side's window. It keeps only
/// the sums and the per-interval samples the comparison uses, not the group's bins or the scan: one side's
/// measures stay while the other side is scanned.
/// </summary>
public sealed class GroupMeasures
{
    private readonly RateStatistics rates;
    private readonly double intervalSeconds;
    private readonly long intervals;
    // The busy intervals' bytes of the tx and rx series, ascending, kept only when their rank test is wanted.
    private readonly long[]? busyTx, busyRx;
    private readonly long wireTxPackets;

    /// <param name="tested">The rate series whose rank test is wanted.</param>
    public GroupMeasures(GroupTraffic traffic, ScanResult scan, RecordingSet recordings, IReadOnlySet<RateSeries> tested)
    {
        Key = traffic.Key;
        TxBytes = traffic.TxBytes;
        RxBytes = traffic.RxBytes;
        WireTxBytes = traffic.HasWire ? traffic.WireTxBytes : null;
        WireRxBytes = traffic.HasWire ? traffic.WireRxBytes : null;
        wireTxPackets = traffic.HasWire ? traffic.WireTxPackets : 0;
        Retransmits = traffic.Retransmits;
        Seconds = scan.Window.Seconds;
        Sockets = traffic.Sockets.Count;
        ConnectionsOpened = traffic.Sockets.Count(s => OpenedIn(recordings.Recordings[s.Recording], s.SocketId, scan.Window));
        rates = new RateStatistics(traffic, scan);
        intervalSeconds = scan.BinNs / 1e9;
        intervals = scan.BinCount;
        // Sorted here, as the groups are measured on every core, rather than when the groups are compared.
        if (tested.Contains(RateSeries.Total))
            _ = rates.SortedBusyTotals;
        if (tested.Contains(RateSeries.Tx))
            busyTx = SortedBusy(traffic, b => b.Tx);
        if (tested.Contains(RateSeries.Rx))
            busyRx = SortedBusy(traffic, b => b.Rx);
    }

    /// <summary>The group's key values, one per matching key column.</summary>
    public IReadOnlyList<object?> Key { get; }
    public long TxBytes { get; }
    public long RxBytes { get; }
    public long TotalBytes => TxBytes + RxBytes;
    public long? WireTxBytes { get; }
    public long? WireRxBytes { get; }
    public double Seconds { get; }
    public double PeakRate => rates.Percentile(100);
    public double Percentile(double percent) => rates.Percentile(percent);
    public long Sockets { get; }
    /// <summary>Client sockets that connected, and server sockets that were accepted, inside the window.</summary>
    public long ConnectionsOpened { get; }
    public long Retransmits { get; }
    /// <summary>Retransmits per packet sent, where the recording counted packets.</summary>
    public double? RetransmitShare => WireTxBytes is not null && wireTxPackets > 0 ? (double)Retransmits / wireTxPackets : null;

    /// <summary>
    /// Bytes per second per interval of the window, silent intervals included, read in ascending order without a copy
    /// (copying both sides' samples for every group's rank test had raised a diff's peak memory by tens of MB).
    /// </summary>
    /// <exception cref="InvalidOperationException">A tx or rx series whose test was not asked for when measuring.</exception>
    public IntervalRates Rates(RateSeries series)
    {
        var ascending = series switch
        {
            RateSeries.Total => rates.SortedBusyTotals,
            RateSeries.Tx when busyTx is not null => busyTx,
            RateSeries.Rx when busyRx is not null => busyRx,
            _ => throw new InvalidOperationException($"the {series} series was not kept for a rank test"),
        };
        return new IntervalRates(ascending, intervalSeconds, Math.Max(0, intervals - ascending.Length));
    }

    private static long[] SortedBusy(GroupTraffic traffic, Func<(long Bin, long Tx, long Rx), long> direction)
    {
        var bytes = traffic.Bins.NonEmpty().Select(direction).ToArray();
        RadixSort.Sort(bytes);
        return bytes;
    }

    private static bool OpenedIn(RecordingView recording, long socketId, AnalysisWindow window)
    {
        var socket = recording.Socket(socketId);
        long? openedNs = socket?.Role switch
        {
            "client" => socket.ConnectNs,
            "server" => socket.EstablishedNs,
            _ => null,
        };
        return openedNs is { } ns && window.Contains(ns + recording.WallOffsetNs);
    }
}
