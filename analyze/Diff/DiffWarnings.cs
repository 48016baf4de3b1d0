using System.Globalization;

namespace ProcNetMon2.Analyze.Diff;

/// <summary>What makes a diff's deltas inexact or its sides unlike each other, one line each.</summary>
public static class DiffWarnings
{
    public static IReadOnlyList<string> Of(AnalysisSummary before, AnalysisSummary after, DiffOptions options)
    {
        var warnings = new List<string>();
        if (options.GroupBy.Contains(GroupField.Pid))
            warnings.Add("grouped by pid: pids differ between runs, so the same program rarely matches itself; --group-by comm or tree match by name");
        Differing("backends", r => r.Backend);
        Differing("kernels", r => r.KernelRelease);
        Differing("capture filters", r => r.Filters.Length == 0 ? "none" : r.Filters);
        foreach (var (name, side) in new[] { ("base", before), ("new", after) })
        {
            if (side.Losses.Lost > 0)
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{name} lost {side.Losses.Lost:N0} events in its window: its numbers are lower bounds and the deltas are not exact"));
            foreach (var recording in side.Recordings.Where(r => !r.Complete))
                warnings.Add($"{name} recording {recording.Path} was not stopped cleanly (a crash?): it is read up to its last event");
        }
        return warnings;

        void Differing(string what, Func<RecordingDescription, string> value)
        {
            string Values(AnalysisSummary side) => string.Join(", ", side.Recordings.Select(value).Distinct().Order(StringComparer.Ordinal));
            string old = Values(before), current = Values(after);
            if (old != current)
                warnings.Add($"the sides were recorded with different {what} (base: {old}; new: {current}): they may not see the same traffic");
        }
    }
}
