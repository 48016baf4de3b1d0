using System.Globalization;
using System.Text.Json;
using ProcNetMon2.Analyze.Rendering;
using Spectre.Console;

namespace ProcNetMon2.Analyze.Diff;

/// <summary>A diff and its rows as they will be printed (after --sort, --top, --columns).</summary>
public sealed record DiffReport(DiffResult Diff, ResultTable Table)
{
    public static DiffReport Of(DiffResult diff) => new(diff, DiffTable.Build(diff));

    /// <summary>Sorts, cuts and selects the group rows; the whole stays the first row.</summary>
    public DiffReport Shaped(ResultShaping shaping)
    {
        var groups = shaping.Apply(Table with { Rows = Table.Rows.Skip(1).ToList() });
        var whole = (shaping with { SortColumn = null, Top = null }).Apply(Table with { Rows = [Table.Rows[0]] });
        return this with { Table = groups with { Rows = [.. whole.Rows, .. groups.Rows] } };
    }
}

public interface IDiffRenderer
{
    void Render(DiffReport report, TextWriter output);
}

/// <summary>The table, json and csv forms of a diff, built from the report renderers' parts.</summary>
public static class DiffRenderers
{
    /// <param name="colours">Colour the changes in the table: only when it goes to a terminal.</param>
    public static IDiffRenderer Create(string format, TimeZoneInfo zone, bool colours = false) => format switch
    {
        ReportRenderers.Table => new Table(zone, colours),
        ReportRenderers.Json => new Json(zone),
        ReportRenderers.Csv => new Csv(zone),
        _ => throw new ArgumentException($"unknown format {format}; use {string.Join(", ", ReportRenderers.FormatNames)}", nameof(format)),
    };

    /// <summary>Each side's header, the warnings, the rows, then what is new since the base.</summary>
    private sealed class Table(TimeZoneInfo zone, bool colours) : IDiffRenderer
    {
        private readonly TableReportRenderer renderer = new(zone);

        /// <summary>Significant rises red, falls green, ~ dim, new groups yellow, gone ones blue.</summary>
        private static Style? ChangeStyle(ResultColumn column, object? value)
        {
            if (!column.Name.EndsWith("_change", StringComparison.Ordinal) && column.Name != DiffTable.StatusColumn || value is not string text)
                return null;
            if (text is "new" or "gone" or "~")
                return text switch { "new" => new Style(Color.Yellow), "gone" => new Style(Color.Blue), _ => new Style(decoration: Decoration.Dim) };
            if (text.StartsWith('+') || text == "from 0")
                return new Style(Color.Red);
            return text.StartsWith('-') ? new Style(Color.Green) : (Style?)null;
        }

        public void Render(DiffReport report, TextWriter output)
        {
            var diff = report.Diff;
            foreach (var (name, summary) in new[] { ("BASE", diff.Base), ("NEW", diff.New) })
            {
                output.WriteLine($"{name}");
                renderer.WriteHeader(summary, output);
                output.WriteLine();
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Compared:    {(diff.Options.Totals ? "window totals" : "rates over each window")}; ~ marks a rate change with p >= {diff.Options.Alpha:0.###} (Mann-Whitney U)"));
            foreach (string warning in diff.Warnings)
                output.WriteLine($"WARNING: {TerminalSafeText.From(warning)}");
            output.WriteLine();
            renderer.Render(report.Table, output, colours ? ChangeStyle : null);
            output.WriteLine();
            if (diff.NewSinceBase.IsEmpty)
            {
                output.WriteLine("New since base: nothing.");
                return;
            }
            output.WriteLine("New since base:");
            var rows = diff.NewSinceBase.ByKind.SelectMany(k => k.Items.Select(item => new object?[] { k.Kind, item })).ToList();
            renderer.Render(new ResultTable([new ResultColumn("kind", ColumnKind.Text), new ResultColumn("name", ColumnKind.Text)], rows), output);
        }
    }

    /// <summary>One object: how it compared, each side's summary, warnings, rows, and what is new since the base.</summary>
    private sealed class Json(TimeZoneInfo zone) : IDiffRenderer
    {
        private readonly JsonReportRenderer renderer = new(zone);

        public void Render(DiffReport report, TextWriter output)
        {
            var diff = report.Diff;
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, JsonReportRenderer.Options))
            {
                json.WriteStartObject();
                json.WriteString("command", "diff");
                json.WriteString("compared", diff.Options.Totals ? "totals" : "rates");
                json.WriteNumber("interval_seconds", diff.Options.Interval.TotalSeconds);
                json.WriteNumber("alpha", diff.Options.Alpha);
                foreach (var (name, summary) in new[] { ("base", diff.Base), ("new", diff.New) })
                {
                    json.WriteStartObject(name);
                    renderer.WriteSummary(json, summary);
                    json.WriteEndObject();
                }
                json.WriteStartArray("warnings");
                foreach (string warning in diff.Warnings)
                    json.WriteStringValue(warning);
                json.WriteEndArray();
                json.WriteStartArray("rows");
                foreach (var row in report.Table.Rows)
                    renderer.WriteRow(json, report.Table.Columns, row);
                json.WriteEndArray();
                diff.NewSinceBase.WriteJson(json);
                json.WriteEndObject();
            }
            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }
    }

    /// <summary>The rows alone, like every csv of pnm.</summary>
    private sealed class Csv(TimeZoneInfo zone) : IDiffRenderer
    {
        public void Render(DiffReport report, TextWriter output) => new CsvReportRenderer(zone).Render(report.Table, output);
    }
}
