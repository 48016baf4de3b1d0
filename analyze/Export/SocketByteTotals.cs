namespace ProcNetMon2.Analyze.Export;

/// <summary>Every socket's bytes sent and received over the rows an export wrote, summarized calls included.</summary>
public sealed class SocketByteTotals
{
    private readonly Dictionary<long, (long Tx, long Rx)> totals = [];

    /// <summary>Adds a run of one socket's rows: a row group's sums, so a dictionary look-up per run rather than per row.</summary>
    internal void Add(long socketId, long txBytes, long rxBytes)
    {
        var (tx, rx) = totals.GetValueOrDefault(socketId);
        totals[socketId] = (tx + txBytes, rx + rxBytes);
    }

    public (long Tx, long Rx) Of(long socketId) => totals.GetValueOrDefault(socketId);
}
