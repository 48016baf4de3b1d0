using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Analyze.Rendering.Html;

/// <summary>
/// One self-contained HTML file: the page, its chart configuration and the vendored Apache ECharts inlined, and the
/// page's data as JSON written by <see cref="JsonReportRenderer"/>'s own summary and row writers (so every figure is
/// the one `--format json` prints). Nothing is loaded from anywhere when it opens.
/// </summary>
public sealed class HtmlReportRenderer(TimeZoneInfo zone)
{
    public const string Format = "html";

    private const string DataMarker = "/*PNM_DATA*/";
    private const string ChartsMarker = "/*PNM_CHARTS*/";
    private const string PageScriptMarker = "/*PNM_PAGE*/";
    private const string TitleMarker = "PNM_TITLE";

    // The default encoder escapes <, > and & as \u003C…: no text in the data can end the <script> element it sits in.
    private static readonly JsonWriterOptions DataOptions = new() { Encoder = JavaScriptEncoder.Default };

    public void Render(ReportPage page, TextWriter output)
    {
        string template = PageResource.Text("page.html");
        int data = template.IndexOf(DataMarker, StringComparison.Ordinal);
        int charts = template.IndexOf(ChartsMarker, StringComparison.Ordinal);
        int script = template.IndexOf(PageScriptMarker, StringComparison.Ordinal);
        if (data < 0 || charts < data || script < charts)
            throw new InvalidOperationException("page.html lacks its markers in order: data, charts, page script");
        output.Write(template[..data].Replace(TitleMarker, HtmlText(Title(page.Report.Summary)), StringComparison.Ordinal));
        output.Write(DataJson(page));
        output.Write(template[(data + DataMarker.Length)..charts]);
        output.Write(PageResource.Text("vendor/echarts.common.min.js"));
        output.Write(template[(charts + ChartsMarker.Length)..script]);
        output.Write(PageResource.Text("page.js"));
        output.Write(template[(script + PageScriptMarker.Length)..]);
    }

    private static string Title(AnalysisSummary summary) =>
        "pnm report: " + string.Join(", ", summary.Recordings.Select(r => r.Host).Distinct());

    private static string HtmlText(string text) => System.Net.WebUtility.HtmlEncode(text);

    internal string DataJson(ReportPage page)
    {
        var json = new JsonReportRenderer(zone);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, DataOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("summary");
            writer.WriteString("command", page.Report.Summary.Command);
            json.WriteSummary(writer, page.Report.Summary);
            writer.WriteEndObject();
            writer.WriteBoolean("utc", zone == TimeZoneInfo.Utc);
            writer.WriteStartArray("key_columns");
            foreach (string column in page.KeyColumns)
                writer.WriteStringValue(column);
            writer.WriteEndArray();
            WriteTable(writer, json, "report", page.Report.Table, page.Report.Table.Rows.Count);
            WriteTimeline(writer, page);
            WriteTable(writer, json, "protocols", page.Protocols.Table, page.Protocols.Table.Rows.Count);
            WriteTable(writer, json, "peaks", page.Peaks.Table, page.Peaks.Table.Rows.Count);
            WriteTable(writer, json, "connections", page.Connections.Table, page.ConnectionsShown);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The columns (name and kind) and the first <paramref name="shown"/> rows, each as `--format json` writes it.</summary>
    private static void WriteTable(Utf8JsonWriter writer, JsonReportRenderer json, string name, ResultTable table, int shown)
    {
        writer.WriteStartObject(name);
        writer.WriteStartArray("columns");
        foreach (var column in table.Columns)
        {
            writer.WriteStartObject();
            writer.WriteString("name", column.Name);
            writer.WriteString("kind", column.Kind.ToString().ToLowerInvariant());
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteNumber("total_rows", table.Rows.Count);
        writer.WriteStartArray("rows");
        foreach (var row in table.Rows.Take(shown))
            json.WriteRow(writer, table.Columns, row);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>
    /// The timeline's rows turned into one rate series per group (the rows come interval by interval, one per group),
    /// with the times charts need: milliseconds since the epoch for the first interval, the peaks and the loss windows.
    /// </summary>
    private static void WriteTimeline(Utf8JsonWriter writer, ReportPage page)
    {
        var table = page.Timeline.Table;
        int time = table.IndexOf("time"), txRate = table.IndexOf("tx_rate"), rxRate = table.IndexOf("rx_rate");
        var keys = page.KeyColumns.Select(table.IndexOf).ToArray();
        var series = new List<(string Label, List<double> Tx, List<double> Rx)>();
        var bySeries = new Dictionary<string, int>(StringComparer.Ordinal);
        long? first = null, second = null;
        foreach (var row in table.Rows)
        {
            long at = (long)row[time]!;
            if (first is null)
                first = at;
            else if (second is null && at != first)
                second = at;
            string label = GroupLabel.Of(keys.Select(k => row[k]));
            if (!bySeries.TryGetValue(label, out int index))
            {
                index = series.Count;
                bySeries[label] = index;
                series.Add((label, [], []));
            }
            series[index].Tx.Add((double)row[txRate]!);
            series[index].Rx.Add((double)row[rxRate]!);
        }
        var window = page.Timeline.Summary.Window;
        writer.WriteStartObject("timeline");
        writer.WriteNumber("start_ms", Milliseconds(first ?? window.StartWallNs));
        writer.WriteNumber("interval_ms", second is { } next ? (next - first!.Value) / 1e6 : window.Seconds * 1000);
        writer.WriteStartArray("series");
        foreach (var (label, tx, rx) in series)
        {
            writer.WriteStartObject();
            writer.WriteString("label", label);
            WriteNumbers(writer, "tx_rate", tx);
            WriteNumbers(writer, "rx_rate", rx);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartArray("peaks");
        var peaks = page.Peaks.Table;
        int start = peaks.IndexOf("start"), end = peaks.IndexOf("end"), rate = peaks.IndexOf("rate"), rank = peaks.IndexOf("rank");
        foreach (var row in peaks.Rows)
        {
            writer.WriteStartObject();
            writer.WriteNumber("rank", (long)row[rank]!);
            writer.WriteNumber("start_ms", Milliseconds((long)row[start]!));
            writer.WriteNumber("end_ms", Milliseconds((long)row[end]!));
            writer.WriteNumber("rate", (double)row[rate]!);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartArray("loss_windows");
        foreach (var loss in page.Report.Summary.Losses.Windows)
        {
            writer.WriteStartObject();
            writer.WriteNumber("start_ms", Milliseconds(loss.StartWallNs));
            writer.WriteNumber("end_ms", Milliseconds(loss.StartWallNs + 1_000_000_000));
            writer.WriteNumber("lost", loss.Lost);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteNumbers(Utf8JsonWriter writer, string name, List<double> values)
    {
        writer.WriteStartArray(name);
        foreach (double value in values)
            writer.WriteNumberValue(value);
        writer.WriteEndArray();
    }

    private static double Milliseconds(long wallNs) => wallNs / 1e6;
}
