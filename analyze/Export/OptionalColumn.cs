namespace ProcNetMon2.Analyze.Export;

/// <summary>
/// A nullable column of one row group in the parts a Parquet file stores: a definition level per row (1: present,
/// 0: null) and the present values packed together. Handed to Parquet.Net as they are, they spare it counting the
/// nulls and copying the values out of an array of nullables (a twentieth of an export's time). The values come in
/// runs of one value (a process's or a socket's rows): they are kept as runs and laid out only when written, into
/// an array the writer reuses from column to column, so that the groups waiting their turn hold no array of strings
/// for the garbage collector to go through.
/// </summary>
internal sealed class OptionalColumn<T>(int capacity) where T : struct
{
    private readonly int[] levels = new int[capacity];
    private readonly List<(T Value, int Length)> present = [];
    private int rows;

    /// <summary>One definition level per row.</summary>
    public ReadOnlyMemory<int> DefinitionLevels => new(levels, 0, rows);

    /// <summary>Appends <paramref name="length"/> rows of one value (null or not).</summary>
    public void Append(int length, T? value)
    {
        levels.AsSpan(rows, length).Fill(value is null ? 0 : 1);
        rows += length;
        if (value is { } presentValue)
            present.Add((presentValue, length));
    }

    /// <summary>The present values in row order, laid out at the start of <paramref name="scratch"/> (as long as the group).</summary>
    public ReadOnlyMemory<T> ValuesIn(T[] scratch)
    {
        int count = 0;
        foreach (var (value, length) in present)
        {
            scratch.AsSpan(count, length).Fill(value);
            count += length;
        }
        return new(scratch, 0, count);
    }

    public void Clear()
    {
        rows = 0;
        present.Clear();
    }
}
