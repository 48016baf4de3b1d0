namespace ProcNetMon2.Analyze;

/// <summary>Everything one group did in the selected window.</summary>
/// <param name="keepsBins">False: totals and first and last times only, no <see cref="Bins"/> (a group per socket needs no series).</param>
/// <param name="activeBinsOnly">With <paramref name="keepsBins"/>: which bins had traffic (<see cref="ActiveBins"/>), not their bytes (no <see cref="Bins"/>).</param>
public sealed class GroupTraffic(IReadOnlyList<object?> key, bool keepsBins = true, bool activeBinsOnly = false)
{
    /// <summary>The group's values, one per key column.</summary>
    public IReadOnlyList<object?> Key { get; } = key;
    private IoTotals totals = new();
    public long TxBytes => totals.TxBytes;
    public long RxBytes => totals.RxBytes;
    public long TxEvents => totals.TxCalls;
    public long RxEvents => totals.RxCalls;
    public long TotalBytes => TxBytes + RxBytes;
    private readonly BinSeries? bins = keepsBins && !activeBinsOnly ? new() : null;
    private readonly BinPresence? activity = keepsBins && activeBinsOnly ? new() : null;
    /// <summary>Whether the group keeps its bytes per bin (<see cref="Bins"/>).</summary>
    public bool KeepsBins => bins is not null;
    /// <exception cref="InvalidOperationException">The group keeps no bytes per bin.</exception>
    public BinSeries Bins => bins ?? throw new InvalidOperationException("a group of totals or active bins only keeps no bytes per bin");
    /// <summary>Which bins had traffic, for a group that keeps only that; else null.</summary>
    public BinPresence? Activity => activity;

    /// <summary>How many bins had traffic.</summary>
    /// <exception cref="InvalidOperationException">The group keeps no bins.</exception>
    public long ActiveBins => activity?.Count ?? Bins.NonEmpty().LongCount();
    /// <summary>Sockets with I/O in the window, as (recording, socket id).</summary>
    public HashSet<(int Recording, long SocketId)> Sockets { get; } = [];
    public long? FirstEventWallNs => totals.FirstWallNs;
    public long? LastEventWallNs => totals.LastWallNs;
    /// <summary>Wire bytes and packets from packet accounting, where the recording has it.</summary>
    public long WireTxBytes { get; private set; }
    public long WireRxBytes { get; private set; }
    public long WireTxPackets { get; private set; }
    public long WireRxPackets { get; private set; }
    public bool HasWire { get; private set; }
    public long Retransmits { get; set; }

    public void AddPayload(int direction, long bytes, long calls, long bin, long wallNs)
    {
        totals.Add(direction, bytes, calls, wallNs);
        bins?.Add(bin, direction, bytes);
        activity?.Mark(bin, bytes);
    }

    /// <summary>Adds totals whose bins, if any, were added to <see cref="Bins"/> already (a pair's events, see TrafficScan).</summary>
    public void AddTotals(in IoTotals other) => totals.Add(other);

    /// <summary>Adds what another part of the same group counted (the events of other blocks).</summary>
    public void Add(GroupTraffic other)
    {
        AddPayload(other);
        Sockets.UnionWith(other.Sockets);
        if (other.HasWire)
        {
            AddWire(0, other.WireTxPackets, other.WireTxBytes);
            AddWire(1, other.WireRxPackets, other.WireRxBytes);
        }
        Retransmits += other.Retransmits;
    }

    /// <summary>Adds another group's payload totals, first and last times and bins (or active bins), not its sockets, wire bytes or retransmits.</summary>
    public void AddPayload(GroupTraffic other)
    {
        totals.Add(other.totals);
        if (other.bins is not null)
            Bins.AddAll(other.bins);
        if (other.activity is not null)
            (activity ?? throw new InvalidOperationException("a group that keeps no active bins")).AddAll(other.activity);
    }

    public void AddWire(int direction, long packets, long bytes)
    {
        HasWire = true;
        if (direction == 0)
        {
            WireTxBytes += bytes;
            WireTxPackets += packets;
        }
        else
        {
            WireRxBytes += bytes;
            WireRxPackets += packets;
        }
    }
}
