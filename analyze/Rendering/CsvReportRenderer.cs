namespace ProcNetMon2.Analyze.Rendering;

/// <summary>
/// A header line and one line per row, exact numbers, RFC 4180 quoting. The summary is left out:
/// comment lines would break CSV parsers.
/// </summary>
public sealed class CsvReportRenderer(TimeZoneInfo zone) : IReportRenderer
{
    public void Render(AnalysisReport report, TextWriter output) => Render(report.Table, output);

    public void Render(ResultTable table, TextWriter output)
    {
        output.WriteLine(string.Join(',', table.Columns.Select(c => CsvFields.Quoted(c.Name))));
        foreach (var row in table.Rows)
            output.WriteLine(string.Join(',', row.Select((value, i) => CsvFields.Quoted(CellText.Exact(value, table.Columns[i].Kind, zone)))));
    }
}
