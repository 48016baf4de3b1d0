namespace ProcNetMon2.Analyze.Export.Dataset;

/// <summary>Rows in time order cut where the UTC hour changes: each run is one events partition's file.</summary>
internal sealed class HourRuns : IDisposable
{
    private readonly IEnumerator<EventRow> rows;
    private bool more;
    private long hour;
    private const long NanosecondsPerHour = 3_600_000_000_000;

    public HourRuns(IEnumerable<EventRow> rows)
    {
        this.rows = rows.GetEnumerator();
        more = this.rows.MoveNext();
    }

    /// <summary>The hour of the run <see cref="Run"/> gives, after <see cref="NextHour"/> said there is one.</summary>
    public DateTime Hour { get; private set; }

    public bool NextHour()
    {
        if (!more)
            return false;
        hour = HourOf(rows.Current);
        Hour = DateTime.UnixEpoch.AddTicks(hour * (NanosecondsPerHour / 100));
        return true;
    }

    /// <summary>The rows of <see cref="Hour"/>, up to the first of another hour; enumerate once.</summary>
    public IEnumerable<EventRow> Run()
    {
        while (more && HourOf(rows.Current) == hour)
        {
            yield return rows.Current;
            more = rows.MoveNext();
        }
    }

    private static long HourOf(EventRow row) => TrafficScan.FloorDiv(row.WallClockNs, NanosecondsPerHour);

    public void Dispose() => rows.Dispose();
}
