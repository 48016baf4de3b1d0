using System.Globalization;
using System.Text;

namespace ProcNetMon2.Analyze.Rendering;

/// <summary>
/// A fraction drawn as a bar of block characters, to an eighth of a character: what a table shows on a terminal
/// beside a figure (never in a pipe, a file, csv or json). Orders by its fraction.
/// </summary>
public sealed record TerminalBar(double Fraction, int Width) : IComparable<TerminalBar>, IComparable
{
    private static readonly char[] Eighths = ['▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    private const char Full = '█';

    /// <summary>
    /// Exactly <see cref="Width"/> characters: full blocks, one partial block, spaces. A fraction above zero shows
    /// at least an eighth, so a small but real value is never blank; zero (or less, or not a number) is all spaces.
    /// </summary>
    public string Text
    {
        get
        {
            double fraction = double.IsNaN(Fraction) ? 0 : Math.Clamp(Fraction, 0, 1);
            int eighths = (int)Math.Round(fraction * Width * 8, MidpointRounding.AwayFromZero);
            if (eighths == 0 && fraction > 0)
                eighths = 1;
            var bar = new StringBuilder(Width);
            bar.Append(Full, eighths / 8);
            if (eighths % 8 != 0)
                bar.Append(Eighths[eighths % 8 - 1]);
            return bar.Append(' ', Width - bar.Length).ToString();
        }
    }

    public override string ToString() => Text;

    public int CompareTo(TerminalBar? other) => other is null ? 1 : Fraction.CompareTo(other.Fraction);

    public int CompareTo(object? other) => CompareTo(other as TerminalBar);
}

/// <summary>
/// A column of bars added to a table for a terminal: each row's value (the sum of <see cref="Summed"/>) as a share of
/// the table's sum (<see cref="OfSum"/>) or of its largest value.
/// </summary>
public sealed record TerminalBarColumn(string Name, string? After, IReadOnlyList<string> Summed, bool OfSum, int Width)
{
    /// <summary>`pnm report`: each group's share of all the bytes in the table, beside its total.</summary>
    public static TerminalBarColumn Share { get; } = new("share", "total_bytes", ["total_bytes"], OfSum: true, Width: 10);

    /// <summary>`pnm timeline`: each row's rate (sent and received) against the busiest row.</summary>
    public static TerminalBarColumn Rate { get; } = new("rate_bar", null, ["tx_rate", "rx_rate"], OfSum: false, Width: 20);

    /// <summary>The table with the bar column after <see cref="After"/> (or last); unchanged when it lacks a column the bars need.</summary>
    public ResultTable AddTo(ResultTable table)
    {
        int at = After is null ? table.Columns.Count : table.IndexOf(After) + 1;
        int[] summed = Summed.Select(table.IndexOf).ToArray();
        if (at == 0 || summed.Any(i => i < 0))
            return table;
        double[] values = table.Rows.Select(row => summed.Sum(i => row[i] is { } v ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : 0)).ToArray();
        double scale = OfSum ? values.Sum() : values.DefaultIfEmpty(0).Max();
        var columns = table.Columns.ToList();
        columns.Insert(at, new ResultColumn(Name, ColumnKind.Text));
        var rows = table.Rows.Select((row, i) =>
        {
            var cells = row.ToList();
            cells.Insert(at, new TerminalBar(scale > 0 ? values[i] / scale : 0, Width));
            return cells.ToArray();
        }).ToList();
        return new ResultTable(columns, rows);
    }
}
