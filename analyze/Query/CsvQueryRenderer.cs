using ProcNetMon2.Analyze.Rendering;

namespace ProcNetMon2.Analyze.Query;

/// <summary>A header line with the column names, then one line per row; RFC 4180 quoting, NULL as an empty field.</summary>
public sealed class CsvQueryRenderer : IQueryRenderer
{
    public void Render(QueryResult result, TextWriter output)
    {
        if (result.Columns.Count == 0)
            return;
        output.WriteLine(string.Join(',', result.Columns.Select(CsvFields.Quoted)));
        foreach (var row in result.Rows)
            output.WriteLine(string.Join(',', row.Select(value => CsvFields.Quoted(QueryValueText.Of(value)))));
    }
}
