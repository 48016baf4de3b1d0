using System.Text.Json.Serialization;

namespace ProcNetMon2.Analyze.Rendering;

// The shape of the json format, kept apart from the report model so renaming a C# property
// cannot silently change what scripts read.

internal sealed record JsonReport(JsonRecording Recording, IReadOnlyList<JsonProcess> Processes);

internal sealed record JsonRecording(
    string Path, string Host, string KernelRelease, string Backend, string PnmVersion,
    string SpanStart, string SpanEnd, double DurationSeconds,
    long EventCount, long LostEvents, IReadOnlyList<JsonLossWindow> LossWindows, bool Complete, string Filters);

internal sealed record JsonLossWindow(string Start, long Lost);

internal sealed record JsonProcess(
    int? Pid, string Name, long TxBytes, long RxBytes,
    double AvgTxBytesPerSec, double AvgRxBytesPerSec, long PeakTxBytesPerSec, long PeakRxBytesPerSec,
    int Sockets);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(JsonReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
