namespace ProcNetMon2.Analyze.Export;

/// <summary>
/// A nullable column of one row group in the parts a Parquet file stores: the present values packed together, and
/// a definition level per row (1: present, 0: null). Handed to Parquet.Net as they are, they spare it counting the
/// nulls and copying the values out of an array of nullables (a twentieth of an export's time).
/// </summary>
internal sealed class OptionalColumn<T>(int capacity) where T : struct
{
    private readonly T[] values = new T[capacity];
    private readonly int[] levels = new int[capacity];
    private int rows;

    /// <summary>The present values, in row order.</summary>
    public ReadOnlyMemory<T> Values => new(values, 0, PresentCount);

    /// <summary>One definition level per row.</summary>
    public ReadOnlyMemory<int> DefinitionLevels => new(levels, 0, rows);

    public int PresentCount { get; private set; }

    /// <summary>Appends <paramref name="length"/> rows of one value (null or not).</summary>
    public void Append(int length, T? value)
    {
        levels.AsSpan(rows, length).Fill(value is null ? 0 : 1);
        rows += length;
        if (value is { } present)
        {
            values.AsSpan(PresentCount, length).Fill(present);
            PresentCount += length;
        }
    }

    public void Clear() => rows = PresentCount = 0;
}
