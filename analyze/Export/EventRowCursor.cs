namespace ProcNetMon2.Analyze.Export;

/// <summary>
/// Rows read one at a time and taken while their wall clock is in a range: all of them, or one hour's after another
/// (a dataset's events files, <see cref="Dataset.HourRuns"/>). Cutting the rows here, rather than in an enumerator
/// around theirs, spares every row a second MoveNext, Current and copy: some 5% of a dataset export's time.
/// </summary>
internal sealed class EventRowCursor : IDisposable
{
    private readonly IEnumerator<EventRow> rows;
    private EventRow next;
    private long fromWallNs = long.MinValue, toWallNs = long.MaxValue;

    public EventRowCursor(IEnumerable<EventRow> rows)
    {
        this.rows = rows.GetEnumerator();
        Advance();
    }

    /// <summary>Whether a row is left, in the range or not.</summary>
    public bool HasNext { get; private set; }

    /// <summary>The row <see cref="TryTake"/> gives next, when <see cref="HasNext"/>.</summary>
    public EventRow Next => next;

    /// <summary>From now on rows are taken while their wall clock is in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public void Limit(long from, long to) => (fromWallNs, toWallNs) = (from, to);

    /// <summary>The next row, unless none is left or it is out of the range.</summary>
    public bool TryTake(out EventRow row)
    {
        row = next;
        if (!HasNext || row.WallClockNs < fromWallNs || row.WallClockNs >= toWallNs)
            return false;
        Advance();
        return true;
    }

    private void Advance()
    {
        HasNext = rows.MoveNext();
        if (HasNext)
            next = rows.Current;
    }

    public void Dispose() => rows.Dispose();
}
