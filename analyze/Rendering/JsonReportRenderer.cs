using System.Text.Encodings.Web;
using System.Text.Json;

namespace ProcNetMon2.Analyze.Rendering;

/// <summary>One JSON object: the recording's summary and the process rows, exact numbers, UTC times.</summary>
public sealed class JsonReportRenderer : IReportRenderer
{
    // The output is never embedded in HTML, so '+', '<' or non-ASCII in a name need not become \uXXXX.
    private static readonly ReportJsonContext Context = new(new JsonSerializerOptions(ReportJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public void Render(ProcessReport report, TextWriter output)
    {
        var document = new JsonReport(ToJson(report.Summary), report.Rows.Select(ToJson).ToList());
        output.WriteLine(JsonSerializer.Serialize(document, Context.JsonReport));
    }

    private static JsonRecording ToJson(RecordingSummary summary) => new(
        summary.Path, summary.Host, summary.KernelRelease, summary.Backend, summary.PnmVersion,
        ReportTime.Precise(summary.SpanStart), ReportTime.Precise(summary.SpanEnd), summary.DurationSeconds,
        summary.EventCount, summary.LostEvents,
        summary.LossWindows.Select(w => new JsonLossWindow(ReportTime.Precise(w.Start), w.Lost)).ToList(),
        summary.Complete, summary.Filters);

    private static JsonProcess ToJson(ProcessRow row) => new(
        row.Pid, row.Name, row.TxBytes, row.RxBytes, row.AvgTxBytesPerSec, row.AvgRxBytesPerSec,
        row.PeakTxBytesPerSec, row.PeakRxBytesPerSec, row.Sockets);
}
