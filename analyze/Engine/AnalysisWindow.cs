using ProcNetMon2.Schema;

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

    /// <summary>The whole of every recording: what an analysis reads without --since or --until.</summary>
    public static readonly AnalysisWindow Everything = new(long.MinValue, long.MaxValue, long.MinValue, long.MaxValue);

    public bool Contains(long wallNs) => wallNs >= ReadFromWallNs && wallNs < ReadToWallNs;

    /// <summary>The read range on the clock of a recording whose timestamps are <paramref name="wallOffsetNs"/> behind the wall clock; an open bound stays open.</summary>
    public (long FromNs, long ToNs) ReadRangeIn(long wallOffsetNs) => (ToRecording(ReadFromWallNs, wallOffsetNs), ToRecording(ReadToWallNs, wallOffsetNs));

    private static long ToRecording(long wallNs, long wallOffsetNs) => wallNs switch
    {
        long.MinValue => long.MinValue,
        long.MaxValue => long.MaxValue,
        _ => wallNs - wallOffsetNs,
    };

    /// <summary>Whether [startWallNs, endWallNs) reaches into the window.</summary>
    public bool Overlaps(long startWallNs, long endWallNs) => endWallNs > ReadFromWallNs && startWallNs < ReadToWallNs;

    /// <summary>Whether any part of the loss record's second starting at <paramref name="startWallNs"/> reaches into the window.</summary>
    public bool OverlapsLossWindow(long startWallNs) => Overlaps(startWallNs, startWallNs + LossRecord.WindowNs);
}
