namespace ProcNetMon2.Analyze.Export.Dataset;

/// <summary>Rows in time order cut where the UTC hour changes: each run is one events partition's file.</summary>
internal sealed class HourRuns(IEnumerable<EventRow> rows) : IDisposable
{
    private const long NanosecondsPerHour = 3_600_000_000_000;

    /// <summary>The rows of <see cref="Hour"/>, up to the first of another hour, after <see cref="NextHour"/> said there are some.</summary>
    public EventRowCursor Run { get; } = new(rows);

    /// <summary>The hour of <see cref="Run"/>'s rows.</summary>
    public DateTime Hour { get; private set; }

    public bool NextHour()
    {
        if (!Run.HasNext)
            return false;
        long hourStartNs = TrafficScan.FloorDiv(Run.Next.WallClockNs, NanosecondsPerHour) * NanosecondsPerHour;
        Run.Limit(hourStartNs, hourStartNs + NanosecondsPerHour);
        Hour = DateTime.UnixEpoch.AddTicks(hourStartNs / 100);
        return true;
    }

    public void Dispose() => Run.Dispose();
}
