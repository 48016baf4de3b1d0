namespace ProcNetMon2.Analyze;

/// <summary>
/// The selected time range, wall-clock nanoseconds since the Unix epoch, [Start, End). Reads are
/// open-ended where no bound was given, so nothing recorded is cut off by rounding.
/// </summary>
public sealed record AnalysisWindow(long StartWallNs, long EndWallNs, long ReadFromWallNs, long ReadToWallNs)
{
    public double Seconds => Math.Max(0, EndWallNs - StartWallNs) / 1e9;

    public static AnalysisWindow Select(RecordingSet recordings, TimeBound? since, TimeBound? until)
    {
        long spanStart = recordings.StartWallNs, spanEnd = recordings.EndWallNs;
        long? from = since?.Resolve(spanStart, spanEnd), to = until?.Resolve(spanStart, spanEnd);
        return new AnalysisWindow(from ?? spanStart, Math.Max(from ?? spanStart, to ?? spanEnd), from ?? long.MinValue, to ?? long.MaxValue);
    }

    public bool Contains(long wallNs) => wallNs >= ReadFromWallNs && wallNs < ReadToWallNs;
}
