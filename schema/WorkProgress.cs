namespace ProcNetMon2.Schema;

/// <summary>Where long reads say how far they got: work added as it is planned, then done; both may be called from any thread.</summary>
public interface IWorkProgress
{
    /// <summary>More work: <paramref name="amount"/> units (nanoseconds of recording time to read).</summary>
    void AddWork(long amount);

    /// <summary>Work done: <paramref name="amount"/> units, and the events they held.</summary>
    void Advance(long amount, long events);
}

/// <summary>
/// The progress this flow of work reports to, if anyone asked (a command on a terminal): ambient, so readers deep below
/// a command report without every call on the way passing it on. Nothing is reported by default.
/// </summary>
public static class WorkProgress
{
    private static readonly AsyncLocal<IWorkProgress?> current = new();

    public static IWorkProgress? Current => current.Value;

    /// <summary>Reports of this flow go to <paramref name="progress"/> until the result is disposed.</summary>
    public static IDisposable Use(IWorkProgress progress)
    {
        var previous = current.Value;
        current.Value = progress;
        return new Restore(previous);
    }

    private sealed class Restore(IWorkProgress? previous) : IDisposable
    {
        public void Dispose() => current.Value = previous;
    }
}

/// <summary>
/// One read of a recording's events over a time range, as progress in nanoseconds of recording time: the range (cut to
/// the span holding events) is the work, each batch the time it covers; whatever lay between batches is done at the end.
/// </summary>
internal sealed class EventReadProgress
{
    private readonly IWorkProgress progress;
    private readonly long total;
    private long done;

    private EventReadProgress(IWorkProgress progress, long total)
    {
        this.progress = progress;
        this.total = total;
        progress.AddWork(total);
    }

    /// <summary>Null when nobody asked for progress (then <paramref name="eventSpan"/>, which may cost a query, is not asked).</summary>
    /// <param name="eventSpan">The first (or an earlier) and the last event's timestamps; null last when there are no events.</param>
    public static EventReadProgress? Start(long fromNs, long toNs, Func<(long First, long? Last)> eventSpan)
    {
        if (WorkProgress.Current is not { } progress || eventSpan() is not (var first, { } last))
            return null;
        long from = Math.Max(fromNs, first), to = Math.Min(toNs, last + 1);
        return new EventReadProgress(progress, Math.Max(0, to - from));
    }

    public void Batch(ReadOnlySpan<IoEvent> events)
    {
        if (!events.IsEmpty)
            Batch(events[0].TimestampNs, events[^1].TimestampNs, events.Length);
    }

    /// <summary>A batch of <paramref name="count"/> events from <paramref name="firstNs"/> to <paramref name="lastNs"/>.</summary>
    public void Batch(long firstNs, long lastNs, int count)
    {
        long span = Math.Max(0, lastNs - firstNs);
        long before = Interlocked.Add(ref done, span) - span;
        progress.Advance(Math.Clamp(total - before, 0, span), count);
    }

    public void Finish()
    {
        long before = Interlocked.Exchange(ref done, total);
        if (total > before)
            progress.Advance(total - before, 0);
    }
}
