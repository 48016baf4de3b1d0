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

/// <summary>What one group did on one side of a diff, measured from its traffic in that side's window.</summary>
public sealed class GroupMeasures
{
    private readonly GroupTraffic traffic;
    private readonly ScanResult scan;
    private readonly RateStatistics rates;

    public GroupMeasures(GroupTraffic traffic, ScanResult scan, RecordingSet recordings)
    {
        this.traffic = traffic;
        this.scan = scan;
        rates = new RateStatistics(traffic, scan);
        ConnectionsOpened = traffic.Sockets.Count(s => OpenedIn(recordings.Recordings[s.Recording], s.SocketId, scan.Window));
    }

    /// <summary>The group's key values, one per matching key column.</summary>
    public IReadOnlyList<object?> Key => traffic.Key;
    public long TxBytes => traffic.TxBytes;
    public long RxBytes => traffic.RxBytes;
    public long TotalBytes => traffic.TotalBytes;
    public long? WireTxBytes => traffic.HasWire ? traffic.WireTxBytes : null;
    public long? WireRxBytes => traffic.HasWire ? traffic.WireRxBytes : null;
    public double Seconds => scan.Window.Seconds;
    public double PeakRate => rates.Percentile(100);
    public double Percentile(double percent) => rates.Percentile(percent);
    public long Sockets => traffic.Sockets.Count;
    /// <summary>Client sockets that connected, and server sockets that were accepted, inside the window.</summary>
    public long ConnectionsOpened { get; }
    public long Retransmits => traffic.Retransmits;
    /// <summary>Retransmits per packet sent, where the recording counted packets.</summary>
    public double? RetransmitShare => traffic is { HasWire: true, WireTxPackets: > 0 } ? (double)traffic.Retransmits / traffic.WireTxPackets : null;

    /// <summary>Bytes per second per interval of the window, silent intervals included, as a weighted sample.</summary>
    public WeightedSample Samples(RateSeries series)
    {
        double intervalSeconds = scan.BinNs / 1e9;
        if (series == RateSeries.Total)
            return WeightedSample.OfSorted(rates.SortedBusyTotals.Select(bytes => bytes / intervalSeconds), Math.Max(0, scan.BinCount - rates.SortedBusyTotals.Count));
        var busy = traffic.Bins.NonEmpty().Select(b => (series == RateSeries.Tx ? b.Tx : b.Rx) / intervalSeconds).ToArray();
        return WeightedSample.Of(busy, Math.Max(0, scan.BinCount - busy.Length));
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
