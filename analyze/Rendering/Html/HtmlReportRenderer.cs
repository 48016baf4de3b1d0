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
    public void Render(ReportPage page, Stream output) =>
        HtmlPage.Write(output, "report", "pnm report: " + HtmlPage.Hosts(page.Hosts), writer => WriteData(writer, page, new JsonReportRenderer(zone)));

    private void WriteData(Utf8JsonWriter writer, ReportPage page, JsonReportRenderer json)
    {
        // Everything but the report's table and summary first: they may still be in the making (ReportPage.Build).
        writer.WritePropertyName("timeline");
        WriteTimeline(writer, page);
        HtmlPage.WriteTable(writer, json, "protocols", page.Protocols.Table);
        HtmlPage.WriteTable(writer, json, "peaks", page.Peaks.Table);
        HtmlPage.WriteTable(writer, json, "connections", page.Connections.GetAwaiter().GetResult().Table, page.ConnectionsShown);
        var report = page.Report.GetAwaiter().GetResult(); // its own exception, not an AggregateException
        HtmlPage.WriteSummary(writer, json, "summary", report.Summary);
        writer.WriteBoolean("utc", zone == TimeZoneInfo.Utc);
        writer.WriteStartArray("key_columns");
        foreach (string column in page.KeyColumns)
            writer.WriteStringValue(column);
        writer.WriteEndArray();
        HtmlPage.WriteTable(writer, json, "report", report.Table);
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
