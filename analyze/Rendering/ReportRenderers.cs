namespace ProcNetMon2.Analyze.Rendering;

/// <summary>The output formats by name, as the command line spells them.</summary>
public static class ReportRenderers
{
    public const string Table = "table";
    public const string Json = "json";
    public const string Csv = "csv";

    public static IReadOnlyList<string> FormatNames { get; } = [Table, Json, Csv];

    /// <exception cref="ArgumentException">The name is not one of <see cref="FormatNames"/>.</exception>
    public static IReportRenderer Create(string formatName) => formatName switch
    {
        Table => new TableReportRenderer(),
        Json => new JsonReportRenderer(),
        Csv => new CsvReportRenderer(),
        _ => throw new ArgumentException(
            $"unknown output format '{formatName}'; expected one of: {string.Join(", ", FormatNames)}", nameof(formatName)),
    };
}
