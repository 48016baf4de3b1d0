using System.Text.Json;
using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Analyze.Rendering.Html;

/// <summary>
/// `pnm report --format html`: one self-contained page (<see cref="HtmlPage"/>) whose data is written by
/// <see cref="JsonReportRenderer"/>'s own summary and row writers, so every figure is the one `--format json` prints.
/// </summary>
public sealed class HtmlReportRenderer(TimeZoneInfo zone)
{
    public const string Format = "html";

    /// <summary>Writes the page to <paramref name="output"/> as UTF-8.</summary>
    public void Render(ReportPage page, Stream output)
    {
        var json = new JsonReportRenderer(zone);
        // Written while the report's table may still be in the making (ReportPage.Build).
        var parts = new (string Name, ByteChunks Value)[]
        {
            ("timeline", HtmlPage.JsonValue(writer => WriteTimeline(writer, page))),
            ("protocols", HtmlPage.JsonValue(writer => HtmlPage.WriteTable(writer, json, page.Protocols.Table))),
            ("peaks", HtmlPage.JsonValue(writer => HtmlPage.WriteTable(writer, json, page.Peaks.Table))),
            ("connections", HtmlPage.JsonValue(writer => HtmlPage.WriteTable(writer, json, page.Connections.Table, page.ConnectionsShown))),
        };
        var report = page.Report.GetAwaiter().GetResult(); // its own exception, not an AggregateException
        HtmlPage.Write(output, "report", "pnm report: " + HtmlPage.Hosts(report.Summary), writer => WriteData(writer, output, page, report, parts, json));
    }

    private void WriteData(Utf8JsonWriter writer, Stream output, ReportPage page, AnalysisReport report, (string Name, ByteChunks Value)[] parts,
        JsonReportRenderer json)
    {
        HtmlPage.WriteSummary(writer, json, "summary", report.Summary);
        writer.WriteBoolean("utc", zone == TimeZoneInfo.Utc);
        writer.WriteStartArray("key_columns");
        foreach (string column in page.KeyColumns)
            writer.WriteStringValue(column);
        writer.WriteEndArray();
        writer.WritePropertyName("report");
        HtmlPage.WriteTable(writer, json, report.Table);
        foreach (var (name, value) in parts)
            HtmlPage.WriteProperty(writer, output, name, value);
    }

    /// <summary>The timeline's series, with the peaks and the loss windows to mark on it (milliseconds since the epoch).</summary>
    private static void WriteTimeline(Utf8JsonWriter writer, ReportPage page)
    {
        writer.WriteStartObject();
        TimelineChart.Write(writer, page.Timeline);
        writer.WriteStartArray("peaks");
        var peaks = page.Peaks.Table;
        int start = peaks.IndexOf("start"), end = peaks.IndexOf("end"), rate = peaks.IndexOf("rate"), rank = peaks.IndexOf("rank");
        foreach (var row in peaks.Rows)
        {
            writer.WriteStartObject();
            writer.WriteNumber("rank", (long)row[rank]!);
            writer.WriteNumber("start_ms", TimelineChart.Milliseconds((long)row[start]!));
            writer.WriteNumber("end_ms", TimelineChart.Milliseconds((long)row[end]!));
            writer.WriteNumber("rate", (double)row[rate]!);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartArray("loss_windows");
        foreach (var loss in page.Timeline.Losses.Windows) // the report's own: one scan
        {
            writer.WriteStartObject();
            writer.WriteNumber("start_ms", TimelineChart.Milliseconds(loss.StartWallNs));
            writer.WriteNumber("end_ms", TimelineChart.Milliseconds(loss.StartWallNs + 1_000_000_000));
            writer.WriteNumber("lost", loss.Lost);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
