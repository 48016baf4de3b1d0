namespace ProcNetMon2.Analyze.Export;

public enum ExportFormat
{
    Parquet,
    Csv,
    /// <summary>JSON Lines: one object per line.</summary>
    Json,
}

/// <summary>The export formats by name, as the command line spells them, and by file name extension.</summary>
public static class ExportFormats
{
    public static IReadOnlyList<string> Names { get; } = ["parquet", "csv", "json"];

    public static ExportFormat Parse(string name) => name switch
    {
        "parquet" => ExportFormat.Parquet,
        "csv" => ExportFormat.Csv,
        "json" => ExportFormat.Json,
        _ => throw new ArgumentException($"unknown export format '{name}'; expected one of: {string.Join(", ", Names)}", nameof(name)),
    };

    /// <summary>The format a file name asks for: *.parquet, *.csv, *.json or *.jsonl; null for anything else.</summary>
    public static ExportFormat? FromPath(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".parquet" => ExportFormat.Parquet,
        ".csv" => ExportFormat.Csv,
        ".json" or ".jsonl" => ExportFormat.Json,
        _ => null,
    };

    public static IEventExporter CreateExporter(ExportFormat format) => format switch
    {
        ExportFormat.Parquet => new ParquetEventExporter(),
        ExportFormat.Csv => new CsvEventExporter(),
        ExportFormat.Json => new JsonLinesEventExporter(),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };
}
