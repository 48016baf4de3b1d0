using System.Runtime.CompilerServices;

namespace ProcNetMon2.Analyze;

/// <summary>Payload bytes and calls each way, and the first and last event's time: what a group, or a (process, socket) pair, did.</summary>
public struct IoTotals()
{
    // Indexed by direction (0 tx, 1 rx): no branch on a direction that alternates unpredictably.
    private PerDirection bytes, calls;
    private long firstWallNs = long.MaxValue, lastWallNs = long.MinValue;

    public readonly long TxBytes => bytes[0];
    public readonly long RxBytes => bytes[1];
    public readonly long TxCalls => calls[0];
    public readonly long RxCalls => calls[1];
    public readonly long? FirstWallNs => firstWallNs == long.MaxValue ? null : firstWallNs;
    public readonly long? LastWallNs => lastWallNs == long.MinValue ? null : lastWallNs;

    public void Add(int direction, long bytes, long calls, long wallNs) => Add(direction, bytes, calls, wallNs, wallNs);

    /// <summary>Calls between <paramref name="firstWallNs"/> and <paramref name="lastWallNs"/>, added as one.</summary>
    public void Add(int direction, long bytes, long calls, long firstWallNs, long lastWallNs)
    {
        this.bytes[direction] += bytes;
        this.calls[direction] += calls;
        this.firstWallNs = Math.Min(this.firstWallNs, firstWallNs);
        this.lastWallNs = Math.Max(this.lastWallNs, lastWallNs);
    }

    public void Add(in IoTotals other)
    {
        for (int direction = 0; direction < 2; direction++)
        {
            bytes[direction] += other.bytes[direction];
            calls[direction] += other.calls[direction];
        }
        firstWallNs = Math.Min(firstWallNs, other.firstWallNs);
        lastWallNs = Math.Max(lastWallNs, other.lastWallNs);
    }

    [InlineArray(2)]
    private struct PerDirection
    {
        private long tx;
    }
}
