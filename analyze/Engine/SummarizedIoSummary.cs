namespace ProcNetMon2.Analyze;

/// <summary>
/// Calls the kernel summed instead of handing them over one by one (its ring buffer was full), in the
/// selected window: their bytes are in every total, exactly; only their timing is coarser (to the second).
/// Unlike lost events, they leave totals exact.
/// </summary>
public sealed record SummarizedIoSummary(long Calls, long Bytes)
{
    public static readonly SummarizedIoSummary None = new(0, 0);

    public static SummarizedIoSummary Of(RecordingSet recordings, AnalysisWindow window)
    {
        long calls = 0, bytes = 0;
        foreach (var recording in recordings.Recordings)
            foreach (var summary in recording.SummarizedIo)
                if (window.Contains(summary.WindowStartNs + recording.WallOffsetNs))
                {
                    calls += summary.Calls;
                    bytes += summary.Bytes;
                }
        return new SummarizedIoSummary(calls, bytes);
    }
}
