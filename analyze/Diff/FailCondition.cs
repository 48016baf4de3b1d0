using System.Globalization;
using ProcNetMon2.Analyze.Rendering;

namespace ProcNetMon2.Analyze.Diff;

/// <summary>
/// A --fail-if condition of <c>pnm diff</c>. The forms:
/// <list type="bullet">
/// <item><c>METRIC [of GROUP] up|down AMOUNT [significant]</c>: a matched group's (or with <c>of GROUP</c>
/// that group's, <c>of all</c> the whole traffic's) metric rose or fell by more than AMOUNT: <c>N%</c> of the
/// base (a rise from 0 is more than any percentage), or N in the metric's unit (with K, M, G for binary
/// multiples); <c>significant</c> also requires the rank test to find the change significant.</item>
/// <item><c>new remote|app|program|user|group</c>: something in NEW that BASE did not have.</item>
/// <item><c>gone group</c>: a group of BASE that NEW does not have.</item>
/// </list>
/// </summary>
public abstract record FailCondition(string Text)
{
    public const string WholeName = "all";
    public const string Syntax = "METRIC [of GROUP] up|down N%|N[K|M|G] [significant], new remote|app|program|user|group, or gone group";

    /// <summary>The metric the condition is about; null for new and gone items.</summary>
    public virtual string? MetricName => null;

    /// <summary>What tripped, as one line; null when the condition holds.</summary>
    public abstract string? Check(DiffResult diff);

    /// <exception cref="FormatException">Not a condition (the message says what is expected).</exception>
    public static FailCondition Parse(string text)
    {
        string[] words = text.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return words switch
        {
            ["new", var kind] when kind is "remote" or "app" or "program" or "user" or "group" => new Appeared(text, kind),
            ["gone", "group"] => new Disappeared(text),
            [var metric, ..] when metric is not ("new" or "gone") => Change.Parse(text, metric, words),
            _ => throw Bad(text),
        };
    }

    private static FormatException Bad(string text) => new($"--fail-if: '{text}' is not a condition; use {Syntax}");

    private sealed record Appeared(string Text, string Kind) : FailCondition(Text)
    {
        public override string? Check(DiffResult diff)
        {
            var items = Kind == "group"
                ? diff.Groups.Where(g => g.Presence == GroupPresence.New).Select(g => g.KeyText).ToList()
                : diff.NewSinceBase.ByKind.Single(k => k.Kind == Kind).Items;
            return items.Count == 0 ? null : $"{items.Count} new {Kind}{(items.Count == 1 ? "" : "s")}: {Listed(items)}";
        }
    }

    private sealed record Disappeared(string Text) : FailCondition(Text)
    {
        public override string? Check(DiffResult diff)
        {
            var gone = diff.Groups.Where(g => g.Presence == GroupPresence.Gone).Select(g => g.KeyText).ToList();
            return gone.Count == 0 ? null : $"{gone.Count} group{(gone.Count == 1 ? "" : "s")} gone: {Listed(gone)}";
        }
    }

    private sealed record Change(string Text, string Metric, string? Group, bool Up, double Amount, bool Relative, bool SignificantOnly) : FailCondition(Text)
    {
        public override string? MetricName => Metric;

        public static Change Parse(string text, string metric, string[] words)
        {
            int direction = Array.FindLastIndex(words, w => w is "up" or "down");
            bool significant = words[^1] == "significant";
            bool hasGroup = words.Length > 1 && words[1] == "of";
            if (direction < 1 || direction != words.Length - (significant ? 3 : 2) || hasGroup && direction < 3 || !hasGroup && direction != 1)
                throw Bad(text);
            string amountText = words[direction + 1];
            bool relative = amountText.EndsWith('%');
            double? amount = relative ? Number(amountText[..^1]) : Size(amountText);
            if (amount is not { } value)
                throw Bad(text);
            return new Change(text, metric, hasGroup ? string.Join(' ', words[2..direction]) : null, words[direction] == "up", value, relative, significant);
        }

        public override string? Check(DiffResult diff)
        {
            var metric = DiffMetrics.Find(Metric, diff.Options.Totals, "--fail-if");
            if (SignificantOnly && !metric.IsTested)
                throw new UsageException($"--fail-if: '{Text}': {Metric} has no significance test (only rates measured per interval do)");
            var candidates = Group switch
            {
                null => diff.Groups.Where(g => g.Presence == GroupPresence.Matched),
                WholeName => [diff.Whole],
                var name => diff.Groups.Where(g => g.Presence == GroupPresence.Matched && g.KeyText == name),
            };
            var tripped = candidates.Where(g => Trips(g.Metrics[Metric])).ToList();
            if (tripped.Count == 0)
                return null;
            return Listed(tripped.Select(g => Describe(g, metric)).ToList());
        }

        private bool Trips(MetricChange change)
        {
            if (change.Base is not { } before || change.New is not { } after || SignificantOnly && !change.Significant)
                return false;
            double delta = Up ? after - before : before - after;
            if (!Relative)
                return delta > Amount;
            return before == 0 ? delta > 0 : delta / Math.Abs(before) * 100 > Amount;
        }

        private static string Describe(GroupChange group, DiffMetric metric)
        {
            var change = group.Metrics[metric.Name];
            string name = group.Presence == GroupPresence.Whole ? WholeName : group.KeyText;
            string changeText = DiffTable.ChangeText(group.Presence, change, metric.IsTested) ?? "";
            return $"{name}: {metric.Name} {Readable(change.Base, metric.Kind)} -> {Readable(change.New, metric.Kind)} ({changeText}" +
                   (change.PValue is { } p ? string.Create(CultureInfo.InvariantCulture, $", p={p:0.####})") : ")");
        }

        private static string Readable(double? value, ColumnKind kind) => CellText.Readable(value, kind, TimeZoneInfo.Utc);
    }

    private static string Listed(IReadOnlyList<string> items)
    {
        const int shown = 5;
        return string.Join("; ", items.Take(shown)) + (items.Count > shown ? $"; and {items.Count - shown} more" : "");
    }

    private static double? Number(string text) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value) ? value : null;

    private static double? Size(string text)
    {
        (string number, double scale) = text.ToUpperInvariant() switch
        {
            var t when t.EndsWith('K') => (t[..^1], 1024.0),
            var t when t.EndsWith('M') => (t[..^1], 1024.0 * 1024),
            var t when t.EndsWith('G') => (t[..^1], 1024.0 * 1024 * 1024),
            var t => (t, 1.0),
        };
        return Number(number) * scale;
    }
}
