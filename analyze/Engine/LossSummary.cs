namespace ProcNetMon2.Analyze;

/// <summary>A one-second window in which the kernel dropped events, wall-clock nanoseconds.</summary>
public sealed record LossWindow(long StartWallNs, long Lost);

/// <summary>
/// Events the kernel dropped inside the selected window: when any were, totals are lower bounds. Packets its full flow
/// map could not count (<see cref="FlowUpdatesLost"/>) make the wire bytes lower bounds.
/// </summary>
public sealed record LossSummary(long Lost, IReadOnlyList<LossWindow> Windows, long FlowUpdatesLost = 0)
{
    public static LossSummary Of(RecordingSet recordings, AnalysisWindow window)
    {
        var windows = recordings.Recordings
            .SelectMany(r => r.Losses.Select(loss => (StartWallNs: loss.WindowStartNs + r.WallOffsetNs, loss.Lost)))
            // A loss window counts when any part of its second overlaps the selection.
            .Where(loss => window.OverlapsLossWindow(loss.StartWallNs))
            .GroupBy(loss => loss.StartWallNs)
            .OrderBy(g => g.Key)
            .Select(g => new LossWindow(g.Key, g.Aggregate(0L, (sum, loss) => unchecked(sum + loss.Lost))))
            .Where(w => w.Lost > 0)
            .ToList();
        // Counts from a damaged recording may be absurd: they must not stop the analysis.
        return new LossSummary(windows.Aggregate(0L, (sum, w) => unchecked(sum + w.Lost)), windows, FlowUpdatesLostIn(recordings, window));
    }

    /// <summary>Summed over the recorder's flush windows that overlap the selection.</summary>
    private static long FlowUpdatesLostIn(RecordingSet recordings, AnalysisWindow window) => recordings.Recordings
        .SelectMany(r => r.FlowLossWindows
            .Where(s => window.Overlaps(s.WindowStartNs + r.WallOffsetNs, s.WindowEndNs + r.WallOffsetNs))
            .Select(s => s.FlowUpdatesLost))
        .Aggregate(0L, (sum, lost) => unchecked(sum + lost));
}
