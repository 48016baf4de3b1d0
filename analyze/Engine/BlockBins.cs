namespace ProcNetMon2.Analyze;

/// <summary>
/// A block's bytes per series, bin and direction in one small table, added to the series once at the block's end. Events
/// of hundreds of groups interleave: adding each to its series' page went through the series and its page on every
/// event, and missed the cache on them; this table's cells for the block's current bin are side by side and stay in
/// cache. A series' column is kept for the scan's life; its cells, for one block's bins from <see cref="Start"/> to
/// <see cref="Flush"/>: bin b's row of cells starts at b * <see cref="RowLength"/>, and in it a column's two cells (tx, rx).
/// </summary>
internal sealed class BlockBins
{
    /// <summary>The most bins a block may span to be added here (a long block of a quiet recording is added event by event).</summary>
    public const int MaxBins = 128;

    private readonly List<BinSeries> series = [];
    private readonly Dictionary<BinSeries, int> columns = new(ReferenceEqualityComparer.Instance);
    // Per column: the block that last touched it; and the columns this block touched, to flush only those.
    private int[] touchedIn = [];
    private readonly List<int> touched = [];
    private long[] cells = [];
    private long firstBin;
    private int width, block, columnCapacity = 16;

    /// <summary>The column of <paramref name="bins"/>, the same for the scan's life.</summary>
    public int ColumnOf(BinSeries bins)
    {
        if (!columns.TryGetValue(bins, out int column))
        {
            columns.Add(bins, column = series.Count);
            series.Add(bins);
        }
        return column;
    }

    /// <summary>A block of bins <paramref name="first"/> to <paramref name="first"/> + <paramref name="bins"/> - 1 begins.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bins"/> is not 1 to <see cref="MaxBins"/>.</exception>
    public void Start(long first, int bins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bins, MaxBins);
        (firstBin, width) = (first, bins);
        block++;
        // Outside a block every cell is zero, so a table too short for this block's rows is simply replaced.
        if (cells.Length < width * RowLength)
            cells = new long[width * RowLength];
    }

    /// <summary>
    /// Where the cells of <paramref name="column"/> are in the first bin's row: its bin b's bytes in direction d are at
    /// that + b * <see cref="RowLength"/> + d. Marks it to be flushed; may replace <see cref="Cells"/> and change
    /// <see cref="RowLength"/>, never what it returned before.
    /// </summary>
    public int CellsOf(int column)
    {
        if (touchedIn.Length <= column)
            Array.Resize(ref touchedIn, Math.Max(column + 1, 2 * touchedIn.Length));
        if (touchedIn[column] != block)
        {
            touchedIn[column] = block;
            touched.Add(column);
        }
        if (column >= columnCapacity)
            Widen(Math.Max(column + 1, 2 * columnCapacity));
        return 2 * column;
    }

    /// <summary>The table; every cell is zero outside a block. Fetch it again after <see cref="CellsOf"/>, which may replace it.</summary>
    public Span<long> Cells => cells;

    /// <summary>The cells of one bin: two per column.</summary>
    public int RowLength => 2 * columnCapacity;

    // More columns: each row is copied to its place in a table of longer rows.
    private void Widen(int capacity)
    {
        var wider = new long[width * 2 * capacity];
        for (int bin = 0; bin < width; bin++)
            cells.AsSpan(bin * RowLength, RowLength).CopyTo(wider.AsSpan(bin * 2 * capacity));
        (cells, columnCapacity) = (wider, capacity);
    }

    /// <summary>Adds the block's cells to their series and zeroes them.</summary>
    public void Flush()
    {
        foreach (int column in touched)
        {
            var bins = series[column];
            for (int bin = 0; bin < width; bin++)
                for (int direction = 0; direction < 2; direction++)
                {
                    ref long cell = ref cells[bin * RowLength + 2 * column + direction];
                    if (cell == 0)
                        continue;
                    bins.Add(firstBin + bin, direction, cell);
                    cell = 0;
                }
        }
        touched.Clear();
    }
}
