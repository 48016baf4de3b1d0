using ProcNetMon2.Analyze.Rendering;

namespace ProcNetMon2.Analyze.Query;

/// <summary>A query's output formats by name: the same names as the report's.</summary>
public static class QueryRenderers
{
    public static IReadOnlyList<string> FormatNames => ReportRenderers.FormatNames;

    /// <exception cref="ArgumentException">The name is not one of <see cref="FormatNames"/>.</exception>
    public static IQueryRenderer Create(string formatName) => formatName switch
    {
        ReportRenderers.Table => new TableQueryRenderer(),
        ReportRenderers.Json => new JsonQueryRenderer(),
        ReportRenderers.Csv => new CsvQueryRenderer(),
        _ => throw new ArgumentException(
            $"unknown output format '{formatName}'; expected one of: {string.Join(", ", FormatNames)}", nameof(formatName)),
    };
}
