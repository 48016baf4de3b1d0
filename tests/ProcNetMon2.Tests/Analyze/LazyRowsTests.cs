using ProcNetMon2.Analyze;

namespace ProcNetMon2.Tests.Analyze;

/// <summary>LazyRows: a table's rows made when read, each once.</summary>
public sealed class LazyRowsTests
{
    [Fact]
    public void Only_the_rows_read_are_made_and_each_once()
    {
        var made = new List<int>();
        var rows = new LazyRows(1000, i =>
        {
            made.Add(i);
            return [(long)i, $"row {i}"];
        });

        var first = rows.Take(3).ToList();
        var again = rows[1];

        Assert.Equal(1000, rows.Count);
        Assert.Equal([0, 1, 2], made);
        Assert.Same(first[1], again);
        Assert.Equal([(object?)1L, "row 1"], again);
    }

    [Fact]
    public void Reading_them_all_gives_every_row_in_order()
    {
        var rows = new LazyRows(5, i => [(long)i]);

        Assert.Equal([0L, 1L, 2L, 3L, 4L], rows.Select(row => (long)row[0]!));
        Assert.Empty(new LazyRows(0, _ => throw new InvalidOperationException("no row to make")));
    }
}
