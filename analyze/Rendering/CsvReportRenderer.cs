namespace ProcNetMon2.Analyze.Rendering;

/// <summary>
/// A header line and one line per row, exact numbers, RFC 4180 quoting. The summary is left out:
/// comment lines would break CSV parsers.
/// </summary>
public sealed class CsvReportRenderer(TimeZoneInfo zone) : IReportRenderer
{
    private static readonly char[] CharactersNeedingQuotes = [',', '"', '\r', '\n'];

    public void Render(AnalysisReport report, TextWriter output) => Render(report.Table, output);

    public void Render(ResultTable table, TextWriter output)
    {
        output.WriteLine(string.Join(',', table.Columns.Select(c => Quoted(c.Name))));
        foreach (var row in table.Rows)
            output.WriteLine(string.Join(',', row.Select((value, i) => Quoted(CellText.Exact(value, table.Columns[i].Kind, zone)))));
    }

    private static string Quoted(string field) =>
        field.IndexOfAny(CharactersNeedingQuotes) < 0 ? field : $"\"{field.Replace("\"", "\"\"")}\"";
}
