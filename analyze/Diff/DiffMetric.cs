using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Analyze.Diff;

/// <summary>
/// One quantity compared between the sides. <see cref="Series"/> names the per-interval rates its rank
/// test compares; <see cref="RateSeries.None"/> for quantities without per-interval samples.
/// </summary>
public sealed record DiffMetric(string Name, ColumnKind Kind, RateSeries Series, Func<GroupMeasures, double?> Value)
{
    public bool IsTested => Series != RateSeries.None;
}

/// <summary>
/// The metrics of a diff. By default additive quantities are rates over each side's window, so sides of
/// different length compare fairly; with totals they are the window's sums.
/// </summary>
public static class DiffMetrics
{
    public const string All = "all";

    public static IReadOnlyList<DiffMetric> For(bool totals) => totals ? Totals : Rates;

    /// <summary>The metrics shown when none are asked for: the traffic and its 95th-percentile rate.</summary>
    public static IReadOnlyList<string> DefaultNames(bool totals) => totals ? ["total_bytes", "p95_rate"] : ["avg_rate", "p95_rate"];

    private static readonly IReadOnlyList<DiffMetric> Shape =
    [
        new("peak_rate", ColumnKind.Rate, RateSeries.Total, m => m.PeakRate),
        new("p50_rate", ColumnKind.Rate, RateSeries.Total, m => m.Percentile(50)),
        new("p95_rate", ColumnKind.Rate, RateSeries.Total, m => m.Percentile(95)),
        new("p99_rate", ColumnKind.Rate, RateSeries.Total, m => m.Percentile(99)),
        new("sockets", ColumnKind.Integer, RateSeries.None, m => m.Sockets),
    ];

    private static readonly IReadOnlyList<DiffMetric> Rates =
    [
        new("avg_tx_rate", ColumnKind.Rate, RateSeries.Tx, m => PerSecond(m.TxBytes, m)),
        new("avg_rx_rate", ColumnKind.Rate, RateSeries.Rx, m => PerSecond(m.RxBytes, m)),
        new("avg_rate", ColumnKind.Rate, RateSeries.Total, m => PerSecond(m.TotalBytes, m)),
        new("wire_tx_rate", ColumnKind.Rate, RateSeries.None, m => PerSecond(m.WireTxBytes, m)),
        new("wire_rx_rate", ColumnKind.Rate, RateSeries.None, m => PerSecond(m.WireRxBytes, m)),
        .. Shape,
        new("connections_per_s", ColumnKind.Real, RateSeries.None, m => PerSecond(m.ConnectionsOpened, m)),
        new("retransmits_per_s", ColumnKind.Real, RateSeries.None, m => PerSecond(m.Retransmits, m)),
        new("retransmit_share", ColumnKind.Percent, RateSeries.None, m => m.RetransmitShare * 100),
    ];

    private static readonly IReadOnlyList<DiffMetric> Totals =
    [
        new("tx_bytes", ColumnKind.Bytes, RateSeries.Tx, m => m.TxBytes),
        new("rx_bytes", ColumnKind.Bytes, RateSeries.Rx, m => m.RxBytes),
        new("total_bytes", ColumnKind.Bytes, RateSeries.Total, m => m.TotalBytes),
        new("wire_tx_bytes", ColumnKind.Bytes, RateSeries.None, m => m.WireTxBytes),
        new("wire_rx_bytes", ColumnKind.Bytes, RateSeries.None, m => m.WireRxBytes),
        .. Shape,
        new("connections", ColumnKind.Integer, RateSeries.None, m => m.ConnectionsOpened),
        new("retransmits", ColumnKind.Integer, RateSeries.None, m => m.Retransmits),
        new("retransmit_share", ColumnKind.Percent, RateSeries.None, m => m.RetransmitShare * 100),
    ];

    private static double? PerSecond(long? count, GroupMeasures measures) => count is { } value ? TrafficReport.Rate(value, measures.Seconds) : null;

    /// <exception cref="UsageException">A name that is no metric of this mode (the message lists them).</exception>
    public static IReadOnlyList<DiffMetric> Select(IReadOnlyList<string>? names, bool totals)
    {
        var metrics = For(totals);
        if (names is [All])
            return metrics;
        return (names ?? DefaultNames(totals)).Select(name => Find(name, totals, "--metrics")).ToList();
    }

    /// <exception cref="UsageException">A name that is no metric of this mode (the message lists them).</exception>
    public static DiffMetric Find(string name, bool totals, string option) =>
        For(totals).FirstOrDefault(m => m.Name == name)
        ?? throw new UsageException($"{option}: no metric '{name}'{(For(!totals).Any(m => m.Name == name) ? totals ? " (it is a rate: leave out --totals)" : " (it needs --totals)" : "")}; " +
                                       $"metrics: {string.Join(", ", For(totals).Select(m => m.Name))}");
}
