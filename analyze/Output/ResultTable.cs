namespace ProcNetMon2.Analyze;

/// <summary>How a column's values are shown: exact in csv and json, readable in the table.</summary>
public enum ColumnKind
{
    Text,
    Integer,
    Real,
    Bytes,
    /// <summary>Bytes per second.</summary>
    Rate,
    /// <summary>Wall-clock nanoseconds since the Unix epoch.</summary>
    Time,
    Seconds,
    Percent,
}

public sealed record ResultColumn(string Name, ColumnKind Kind)
{
    /// <summary>The table header: the name in capitals, words apart.</summary>
    public string Header => Name.Replace('_', ' ').ToUpperInvariant();
    public bool IsNumeric => Kind is not (ColumnKind.Text or ColumnKind.Time);
}

/// <summary>Rows of values (string, long, double or null), one per column.</summary>
public sealed record ResultTable(IReadOnlyList<ResultColumn> Columns, IReadOnlyList<object?[]> Rows)
{
    public int IndexOf(string column) => Columns.Select((c, i) => (c, i)).FirstOrDefault(p => p.c.Name == column, (null!, -1)).Item2;
}
