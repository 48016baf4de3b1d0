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
    // The busy intervals' bytes of the tx and rx series, in time order, kept only when their rank test is wanted.
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
        if (tested.Contains(RateSeries.Tx))
            busyTx = traffic.Bins.NonEmpty().Select(b => b.Tx).ToArray();
        if (tested.Contains(RateSeries.Rx))
            busyRx = traffic.Bins.NonEmpty().Select(b => b.Rx).ToArray();
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

    /// <summary>Bytes per second per interval of the window, silent intervals included, as a weighted sample.</summary>
    /// <exception cref="InvalidOperationException">A tx or rx series whose test was not asked for when measuring.</exception>
    public WeightedSample Samples(RateSeries series)
    {
        if (series == RateSeries.Total)
            return WeightedSample.OfSorted(rates.SortedBusyTotals.Select(bytes => bytes / intervalSeconds), Math.Max(0, intervals - rates.SortedBusyTotals.Count));
        var bytes = (series == RateSeries.Tx ? busyTx : busyRx) ?? throw new InvalidOperationException($"the {series} series was not kept for a rank test");
        return WeightedSample.Of(bytes.Select(b => b / intervalSeconds).ToArray(), Math.Max(0, intervals - bytes.Length));
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
