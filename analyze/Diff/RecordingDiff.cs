namespace ProcNetMon2.Analyze.Diff;

/// <summary>
/// `pnm diff`: the groups of two sides matched by key, every metric's base, new, delta and relative delta,
/// rank tests on the per-interval rates, what is new since the base, and what makes the comparison inexact.
/// </summary>
public static class RecordingDiff
{
    /// <param name="withTimelines">Also each side's timeline of all its traffic (<see cref="DiffResult.Timelines"/>), for `--format html`.</param>
    /// <exception cref="UsageException">An unknown metric name.</exception>
    public static DiffResult Build(DiffSideInput baseSide, DiffSideInput newSide, DiffOptions options, bool withTimelines = false)
    {
        // Both sides are keyed alike, so that their groups can match: by host too when either side holds several hosts'
        // recordings (one host against another, each side one host, still matches pid 1234 with pid 1234).
        var mostHosts = baseSide.Recordings.Hosts.Count >= newSide.Recordings.Hosts.Count ? baseSide.Recordings : newSide.Recordings;
        options = options with { GroupBy = GroupFields.SeparatingHosts(options.GroupBy, mostHosts) };
        var metrics = DiffMetrics.For(options.Totals);
        var shown = DiffMetrics.Select(options.Metrics, options.Totals);
        var tested = shown.Concat(options.AlsoTested.Select(name => DiffMetrics.Find(name, options.Totals, "--fail-if")))
            .Select(m => m.Series).Where(s => s != RateSeries.None).ToHashSet();
        DiffSide before = null!, after = null!;
        // Each scan already decodes on every core; two at once only pay where there are cores to spare.
        if (Environment.ProcessorCount >= 4)
            Parallel.Invoke(() => before = DiffSide.Scan(baseSide, options, tested, withTimelines), () => after = DiffSide.Scan(newSide, options, tested, withTimelines));
        else
        {
            before = DiffSide.Scan(baseSide, options, tested, withTimelines);
            after = DiffSide.Scan(newSide, options, tested, withTimelines);
        }
        var comparer = new GroupComparer(metrics, tested, options.Alpha);
        var names = before.Groups.Keys.Union(after.Groups.Keys, GroupValuesComparer.Instance).ToArray();
        // On every core: each matched group's rank tests merge both sides' intervals.
        var changes = new GroupChange[names.Length];
        Parallel.For(0, names.Length, i => changes[i] = comparer.Compare(before.Groups.GetValueOrDefault(names[i]), after.Groups.GetValueOrDefault(names[i])));
        var groups = changes
            .OrderByDescending(g => Math.Abs(g.Metrics[shown[0].Name].Delta ?? 0))
            .ThenBy(g => g.Key, KeyOrder.Instance)
            .ToList();
        return new DiffResult(before.Summary, after.Summary, before.KeyColumns, comparer.Compare(before.Whole, after.Whole, whole: true), groups,
            metrics, shown, before.Inventory.Missing(after.Inventory), DiffWarnings.Of(before.Summary, after.Summary, options), options)
        {
            Timelines = withTimelines ? (before.Timeline!, after.Timeline!) : null,
        };
    }

    /// <param name="tested">The rate series whose rank test is wanted; sorting each side's intervals is most of a diff's own work.</param>
    private sealed class GroupComparer(IReadOnlyList<DiffMetric> metrics, IReadOnlySet<RateSeries> tested, double alpha)
    {
        public GroupChange Compare(GroupMeasures? before, GroupMeasures? after, bool whole = false)
        {
            var presence = whole ? GroupPresence.Whole : before is null ? GroupPresence.New : after is null ? GroupPresence.Gone : GroupPresence.Matched;
            var key = whole ? [] : (before ?? after)!.Key;
            // Several metrics share a series (peak and percentiles of the total rate): each series is tested once.
            var tests = new Dictionary<RateSeries, double?>();
            double? PValue(RateSeries series)
            {
                if (before is null || after is null || !tested.Contains(series))
                    return null;
                if (!tests.TryGetValue(series, out var p))
                {
                    double value = MannWhitney.Test(before.Rates(series), after.Rates(series)).PValue;
                    tests.Add(series, p = double.IsNaN(value) ? null : value);
                }
                return p;
            }
            return new GroupChange(key, presence, metrics.ToDictionary(m => m.Name, m => Change(m, before, after, PValue(m.Series))));
        }

        /// <summary>A side where the group is absent counts as 0 for the delta, and has no value of its own.</summary>
        private MetricChange Change(DiffMetric metric, GroupMeasures? before, GroupMeasures? after, double? p)
        {
            double? baseValue = before is null ? null : metric.Value(before), newValue = after is null ? null : metric.Value(after);
            double? delta = (baseValue, newValue) switch
            {
                (null, null) => null,
                _ when before is not null && after is not null && (baseValue is null || newValue is null) => null,
                _ => (newValue ?? 0) - (baseValue ?? 0),
            };
            double? relative = (baseValue, newValue) switch
            {
                ({ } b, { } n) when b != 0 => (n - b) / b * 100,
                (0, 0) => 0,
                _ => null,
            };
            // A skipped test leaves p empty: such a change is not called significant.
            bool significant = metric.IsTested && before is not null && after is not null ? p < alpha : delta is not null and not 0;
            return new MetricChange(baseValue, newValue, delta, relative, p, significant);
        }
    }
}
