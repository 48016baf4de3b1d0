using System.Text.Json.Serialization;

namespace ProcNetMon2.Analyze.Export;

// One JSON Lines object, kept apart from EventRow so renaming a C# property cannot silently change
// what scripts read. The property order is the column order of every export format.

internal readonly record struct JsonEventLine(
    long TsNs, string Time, int? Pid, int Tid, string? Comm, string? Exe, int? Uid, string? User, string? Container,
    long ProcessId, long SocketId, string Direction, long Bytes, long Calls,
    string? Protocol, string? LocalAddr, int? LocalPort, string? RemoteAddr, int? RemotePort, string? App);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(JsonEventLine))]
internal sealed partial class ExportJsonContext : JsonSerializerContext;
