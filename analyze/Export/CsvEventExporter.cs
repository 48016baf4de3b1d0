using System.Globalization;
using System.Text;
using ProcNetMon2.Analyze.Rendering;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze.Export;

/// <summary>
/// A header line, then one line per event, RFC 4180 quoting. A missing value is an empty field; an
/// empty text (an unconnected UDP socket's remote_addr) is written "" so the two stay apart.
/// </summary>
public sealed class CsvEventExporter : IEventExporter
{
    public async Task<long> ExportAsync(IRecordingSource source, Stream output, CancellationToken cancellationToken = default)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16, leaveOpen: true);
        writer.Write(string.Join(',', EventRow.ColumnNames));
        writer.Write('\n');
        // A process's and a socket's columns are the same on each of their events: text them once.
        var processColumns = new Dictionary<long, string>();
        var socketColumns = new Dictionary<long, string>();
        Span<char> time = stackalloc char[32];
        long rows = 0;
        foreach (var row in EventRow.Read(source, cancellationToken))
        {
            var io = row.Io;
            WriteNumber(writer, io.TimestampNs);
            writer.Write(',');
            writer.Write(time[..row.FormatTime(time)]);
            writer.Write(',');
            WriteNumber(writer, row.Process?.Pid);
            writer.Write(',');
            WriteNumber(writer, io.Tid);
            writer.Write(',');
            writer.Write(Cached(processColumns, io.ProcessId, row, ProcessColumns));
            writer.Write(',');
            WriteNumber(writer, io.SocketId);
            writer.Write(',');
            writer.Write(row.DirectionName);
            writer.Write(',');
            WriteNumber(writer, io.Bytes);
            writer.Write(',');
            WriteNumber(writer, row.Calls);
            writer.Write(',');
            writer.Write(Cached(socketColumns, io.SocketId, row, SocketColumns));
            writer.Write('\n');
            rows++;
        }
        await writer.FlushAsync(cancellationToken);
        return rows;
    }

    private static string Cached(Dictionary<long, string> cache, long id, EventRow row, Func<EventRow, string> columns)
    {
        if (!cache.TryGetValue(id, out var text))
            cache.Add(id, text = columns(row));
        return text;
    }

    /// <summary>comm, exe, uid, user, container, process_id.</summary>
    private static string ProcessColumns(EventRow row) => string.Join(',',
        Text(row.Process?.Comm), Text(row.Process?.Exe), Number(row.Process?.Uid), Text(row.Process?.UserName), Text(row.Process?.Container),
        Number(row.Io.ProcessId));

    /// <summary>protocol, local_addr, local_port, remote_addr, remote_port, app.</summary>
    private static string SocketColumns(EventRow row) => string.Join(',',
        Text(row.ProtocolName), Text(row.Socket?.LocalAddr), Number(row.Socket?.LocalPort),
        Text(row.Socket?.RemoteAddr), Number(row.Socket?.RemotePort), Text(row.Socket?.App));

    private static string Text(string? field) => field switch
    {
        null => "",
        "" => "\"\"",
        _ => CsvFields.Quoted(field),
    };

    private static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static void WriteNumber(StreamWriter writer, long? value)
    {
        if (value is not { } number)
            return;
        Span<char> digits = stackalloc char[20];
        number.TryFormat(digits, out int length, provider: CultureInfo.InvariantCulture);
        writer.Write(digits[..length]);
    }
}
