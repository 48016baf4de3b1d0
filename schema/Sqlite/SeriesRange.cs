namespace ProcNetMon2.Schema.Sqlite;

/// <summary>
/// A time range [FromNs, ToNs) as the parameters of the conditions that select the time-series rows reaching into it
/// (<see cref="IRecordingSource.ReadSeries"/>): a row spanning start to end, a loss's one-second window, an instant.
/// The whole range selects every row, whatever its times.
/// </summary>
internal sealed record SeriesRange(long FromNs, long ToNs)
{
    public static readonly SeriesRange Whole = new(long.MinValue, long.MaxValue);

    private bool IsWhole => FromNs == long.MinValue && ToNs == long.MaxValue;

    /// <summary>A loss's second reaches into the range when it starts after FromNs less a second: at or after this.</summary>
    public long LossFromNs => FromNs < long.MinValue + LossRecord.WindowNs ? long.MinValue : FromNs - LossRecord.WindowNs + 1;

    /// <summary>A row from window_start_ns to window_end_ns; one whose end is before its start (damaged) by its start.</summary>
    public string Spans => IsWhole ? "1" : "window_start_ns < @ToNs AND (window_end_ns >= @FromNs OR window_start_ns >= @FromNs)";
    public string LossSecond => IsWhole ? "1" : "window_start_ns < @ToNs AND window_start_ns >= @LossFromNs";
    public string Instant => IsWhole ? "1" : "ts_ns >= @FromNs AND ts_ns < @ToNs";
}
