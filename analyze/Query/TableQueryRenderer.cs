using ProcNetMon2.Analyze.Rendering;
using Spectre.Console;

namespace ProcNetMon2.Analyze.Query;

/// <summary>
/// An aligned table for people, in the analysis commands' style: the column names as SQLite gives them,
/// numbers right-aligned, NULL as "-". The whole result is read before the first line is printed.
/// </summary>
public sealed class TableQueryRenderer : IQueryRenderer
{
    public void Render(QueryResult result, TextWriter output)
    {
        if (result.Columns.Count == 0)
            return;
        var rows = result.Rows.ToList();
        var table = PlainTable.Create();
        for (int column = 0; column < result.Columns.Count; column++)
        {
            bool numeric = rows.Select(row => row[column]).All(value => value is null or long or double);
            PlainTable.AddColumn(table, TerminalSafeText.From(result.Columns[column]), numeric ? Justify.Right : Justify.Left,
                isLast: column == result.Columns.Count - 1);
        }
        foreach (var row in rows)
            table.AddRow(row.Select(value => new Text(value is null ? "-" : TerminalSafeText.From(QueryValueText.Of(value)))));
        PlainTable.Write(table, output);
    }
}
