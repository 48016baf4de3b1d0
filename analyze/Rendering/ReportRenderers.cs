namespace ProcNetMon2.Analyze.Rendering;

public interface IReportRenderer
{
    void Render(AnalysisReport report, TextWriter output);
}

/// <summary>The output formats every analysis command offers.</summary>
public static class ReportRenderers
{
    public const string Table = "table";
    public const string Json = "json";
    public const string Csv = "csv";
    public static readonly IReadOnlyList<string> FormatNames = [Table, Json, Csv];

    /// <param name="zone">The zone times are shown in (UTC unless asked for local time).</param>
    public static IReportRenderer Create(string format, TimeZoneInfo zone) => format switch
    {
        Table => new TableReportRenderer(zone),
        Json => new JsonReportRenderer(zone),
        Csv => new CsvReportRenderer(zone),
        _ => throw new ArgumentException($"unknown format {format}; use {string.Join(", ", FormatNames)}", nameof(format)),
    };
}
