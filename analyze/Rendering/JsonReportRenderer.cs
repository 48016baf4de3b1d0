using System.Text.Encodings.Web;
using System.Text.Json;

namespace ProcNetMon2.Analyze.Rendering;

/// <summary>One JSON object: what was read, the window, losses, and the rows keyed by column name; exact numbers.</summary>
public sealed class JsonReportRenderer(TimeZoneInfo zone) : IReportRenderer
{
    // The output is never embedded in HTML, so '+', '<' or non-ASCII in a name need not become \uXXXX.
    internal static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public void Render(AnalysisReport report, TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            var summary = report.Summary;
            json.WriteStartObject();
            json.WriteString("command", summary.Command);
            WriteSummary(json, summary);
            json.WriteStartArray("rows");
            foreach (var row in report.Table.Rows)
                WriteRow(json, report.Table.Columns, row);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>What was read, the window and what was lost: every field of the summary but the command.</summary>
    internal void WriteSummary(Utf8JsonWriter json, AnalysisSummary summary)
    {
        json.WriteStartArray("recordings");
        foreach (var recording in summary.Recordings)
        {
            json.WriteStartObject();
            json.WriteString("path", recording.Path);
            json.WriteString("host", recording.Host);
            json.WriteString("kernel_release", recording.KernelRelease);
            json.WriteString("backend", recording.Backend);
            json.WriteString("pnm_version", recording.PnmVersion);
            json.WriteString("start", ReportTime.Precise(recording.StartWallNs, zone));
            json.WriteString("end", ReportTime.Precise(recording.EndWallNs, zone));
            json.WriteBoolean("complete", recording.Complete);
            json.WriteString("filters", recording.Filters);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartObject("window");
        json.WriteString("start", ReportTime.Precise(summary.Window.StartWallNs, zone));
        json.WriteString("end", ReportTime.Precise(summary.Window.EndWallNs, zone));
        json.WriteNumber("seconds", summary.Window.Seconds);
        json.WriteEndObject();
        json.WriteNumber("events", summary.Events);
        json.WriteNumber("lost_events", summary.Losses.Lost);
        json.WriteBoolean("totals_are_lower_bounds", summary.Losses.Lost > 0);
        // Only when there were any: the output of every recording without them stays as it was.
        if (summary.Summarized.Calls > 0)
        {
            json.WriteNumber("summarized_calls", summary.Summarized.Calls);
            json.WriteNumber("summarized_bytes", summary.Summarized.Bytes);
        }
        json.WriteStartArray("loss_windows");
        foreach (var window in summary.Losses.Windows)
        {
            json.WriteStartObject();
            json.WriteString("start", ReportTime.Precise(window.StartWallNs, zone));
            json.WriteNumber("lost", window.Lost);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        // Only when it happened, so outputs of recordings without such losses stay as they were.
        if (summary.Losses.FlowUpdatesLost > 0)
        {
            json.WriteBoolean("wire_bytes_are_lower_bounds", true);
            json.WriteNumber("flow_updates_lost", summary.Losses.FlowUpdatesLost);
        }
        json.WriteStartArray("notes");
        foreach (string note in summary.Notes)
            json.WriteStringValue(note);
        json.WriteEndArray();
    }

    internal void WriteRow(Utf8JsonWriter json, IReadOnlyList<ResultColumn> columns, object?[] row)
    {
        json.WriteStartObject();
        for (int i = 0; i < columns.Count; i++)
        {
            json.WritePropertyName(columns[i].Name);
            switch (row[i])
            {
                case null:
                    json.WriteNullValue();
                    break;
                case long ns when columns[i].Kind == ColumnKind.Time:
                    json.WriteStringValue(ReportTime.Precise(ns, zone));
                    break;
                case long number:
                    json.WriteNumberValue(number);
                    break;
                case double number:
                    json.WriteNumberValue(number);
                    break;
                case bool flag:
                    json.WriteBooleanValue(flag);
                    break;
                case var value:
                    json.WriteStringValue(CellText.Exact(value, columns[i].Kind, zone));
                    break;
            }
        }
        json.WriteEndObject();
    }
}
