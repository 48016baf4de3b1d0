namespace ProcNetMon2.Analyze;

/// <summary>Everything one group did in the selected window.</summary>
public sealed class GroupTraffic(IReadOnlyList<object?> key)
{
    /// <summary>The group's values, one per key column.</summary>
    public IReadOnlyList<object?> Key { get; } = key;
    public long TxBytes { get; private set; }
    public long RxBytes { get; private set; }
    public long TxEvents { get; private set; }
    public long RxEvents { get; private set; }
    public long TotalBytes => TxBytes + RxBytes;
    public BinSeries Bins { get; } = new();
    /// <summary>Sockets with I/O in the window, as (recording, socket id).</summary>
    public HashSet<(int Recording, long SocketId)> Sockets { get; } = [];
    public long? FirstEventWallNs { get; private set; }
    public long? LastEventWallNs { get; private set; }
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
        if (direction == 0)
        {
            TxBytes += bytes;
            TxEvents += calls;
        }
        else
        {
            RxBytes += bytes;
            RxEvents += calls;
        }
        Bins.Add(bin, direction, bytes);
        if (FirstEventWallNs is not { } first || wallNs < first)
            FirstEventWallNs = wallNs;
        if (LastEventWallNs is not { } last || wallNs > last)
            LastEventWallNs = wallNs;
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
