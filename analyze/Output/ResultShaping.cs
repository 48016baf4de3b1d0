namespace ProcNetMon2.Analyze;

/// <summary>--sort, --top and --columns applied to a finished table.</summary>
public sealed record ResultShaping(string? SortColumn = null, bool? Descending = null, int? Top = null, IReadOnlyList<string>? Columns = null)
{
    private static readonly IComparer<object?> ValueOrder = Comparer<object?>.Create(KeyOrder.CompareValues);

    /// <exception cref="UsageException">A sort or selected column the table does not have (the message names the ones it has).</exception>
    public ResultTable Apply(ResultTable table)
    {
        IEnumerable<object?[]> rows = table.Rows;
        if (SortColumn is not null)
        {
            int index = Require(table, SortColumn, "--sort");
            var column = table.Columns[index];
            bool descending = Descending ?? column.IsNumeric;
            rows = descending
                ? rows.OrderByDescending(r => r[index], ValueOrder)
                : rows.OrderBy(r => r[index], ValueOrder);
        }
        if (Top is { } top)
            rows = rows.Take(top);
        var shaped = rows.ToList();
        if (Columns is null)
            return table with { Rows = shaped };
        int[] kept = Columns.Select(c => Require(table, c, "--columns")).ToArray();
        return new ResultTable(kept.Select(i => table.Columns[i]).ToList(), shaped.Select(r => kept.Select(i => r[i]).ToArray()).ToList());
    }

    private static int Require(ResultTable table, string column, string option)
    {
        int index = table.IndexOf(column);
        if (index < 0)
            throw new UsageException($"{option}: no column '{column}'; columns: {string.Join(", ", table.Columns.Select(c => c.Name))}");
        return index;
    }
}
