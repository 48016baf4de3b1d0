using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze.Export;

/// <summary>JSON Lines: one object per event and line, every column present (null when missing), exact numbers, UTC times.</summary>
public sealed class JsonLinesEventExporter : IEventExporter
{
    // The output is never embedded in HTML, so '+', '<' or non-ASCII in a name need not become \uXXXX.
    private static readonly ExportJsonContext Context = new(new JsonSerializerOptions(ExportJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    private const int FlushBytes = 1 << 16;

    public async Task<long> ExportAsync(IRecordingSource source, Stream output, CancellationToken cancellationToken = default)
    {
        var lines = new ArrayBufferWriter<byte>(FlushBytes + 4096);
        using var json = new Utf8JsonWriter(lines, new JsonWriterOptions { Encoder = Context.Options.Encoder });
        long rows = 0;
        foreach (var row in EventRow.Read(source, cancellationToken))
        {
            JsonSerializer.Serialize(json, ToJson(row), Context.JsonEventLine);
            json.Flush();
            json.Reset(); // the next line is a new top-level value
            lines.GetSpan(1)[0] = (byte)'\n';
            lines.Advance(1);
            if (lines.WrittenCount >= FlushBytes)
            {
                await output.WriteAsync(lines.WrittenMemory, cancellationToken);
                lines.ResetWrittenCount();
            }
            rows++;
        }
        await output.WriteAsync(lines.WrittenMemory, cancellationToken);
        return rows;
    }

    private static JsonEventLine ToJson(EventRow row) => new(
        row.Io.TimestampNs, row.TimeText, row.Process?.Pid, row.Io.Tid,
        row.Process?.Comm, row.Process?.Exe, row.Process?.Uid, row.Process?.UserName, row.Process?.Container,
        row.Io.ProcessId, row.Io.SocketId, row.DirectionName, row.Io.Bytes, row.Calls,
        row.ProtocolName, row.Socket?.LocalAddr, row.Socket?.LocalPort, row.Socket?.RemoteAddr, row.Socket?.RemotePort, row.Socket?.App);
}
