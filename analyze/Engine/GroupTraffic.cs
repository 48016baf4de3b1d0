using System.Runtime.CompilerServices;

namespace ProcNetMon2.Analyze;

/// <summary>Everything one group did in the selected window.</summary>
/// <param name="keepsBins">False: totals and first and last times only, no <see cref="Bins"/> (a group per socket needs no series).</param>
public sealed class GroupTraffic(IReadOnlyList<object?> key, bool keepsBins = true)
{
    /// <summary>The group's values, one per key column.</summary>
    public IReadOnlyList<object?> Key { get; } = key;
    // Indexed by direction (0 tx, 1 rx): no branch on a direction that alternates unpredictably. Held in the object
    // itself, not in arrays of their own: per event, fewer cache lines to reach.
    private PerDirection payloadBytes, calls;
    public long TxBytes => payloadBytes[0];
    public long RxBytes => payloadBytes[1];
    public long TxEvents => calls[0];
    public long RxEvents => calls[1];
    public long TotalBytes => TxBytes + RxBytes;
    private readonly BinSeries? bins = keepsBins ? new() : null;
    /// <exception cref="InvalidOperationException">The group keeps no bins.</exception>
    public BinSeries Bins => bins ?? throw new InvalidOperationException("a group of totals only keeps no bins");
    /// <summary>Sockets with I/O in the window, as (recording, socket id).</summary>
    public HashSet<(int Recording, long SocketId)> Sockets { get; } = [];
    public long? FirstEventWallNs => firstEventWallNs == long.MaxValue ? null : firstEventWallNs;
    public long? LastEventWallNs => lastEventWallNs == long.MinValue ? null : lastEventWallNs;
    private long firstEventWallNs = long.MaxValue, lastEventWallNs = long.MinValue;
    /// <summary>Wire bytes and packets from packet accounting, where the recording has it.</summary>
    public long WireTxBytes { get; private set; }
    public long WireRxBytes { get; private set; }
    public long WireTxPackets { get; private set; }
    public long WireRxPackets { get; private set; }
    public bool HasWire { get; private set; }
    public long Retransmits { get; set; }

    public void AddIo(int direction, long bytes, long bin, long wallNs) => AddPayload(direction, bytes, calls: 1, bin, wallNs);

    public void AddPayload(int direction, long bytes, long calls, long bin, long wallNs)
    {
        payloadBytes[direction] += bytes;
        this.calls[direction] += calls;
        bins?.Add(bin, direction, bytes);
        firstEventWallNs = Math.Min(firstEventWallNs, wallNs);
        lastEventWallNs = Math.Max(lastEventWallNs, wallNs);
    }

    /// <summary>Adds what another part of the same group counted (the events of other blocks).</summary>
    public void Add(GroupTraffic other)
    {
        for (int direction = 0; direction < 2; direction++)
        {
            payloadBytes[direction] += other.payloadBytes[direction];
            calls[direction] += other.calls[direction];
        }
        if (other.bins is not null)
            Bins.AddAll(other.bins);
        Sockets.UnionWith(other.Sockets);
        firstEventWallNs = Math.Min(firstEventWallNs, other.firstEventWallNs);
        lastEventWallNs = Math.Max(lastEventWallNs, other.lastEventWallNs);
        if (other.HasWire)
        {
            AddWire(0, other.WireTxPackets, other.WireTxBytes);
            AddWire(1, other.WireRxPackets, other.WireRxBytes);
        }
        Retransmits += other.Retransmits;
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

    [InlineArray(2)]
    private struct PerDirection
    {
        private long tx;
    }
}
