using System.Globalization;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze.Export;

/// <summary>
/// One I/O event with its process and socket, as every export format writes it: one flat row that
/// needs no joins. Process or socket is null when the recording does not describe it. A row of calls
/// the kernel summarized stands at its window's start with their total bytes and <see cref="Calls"/>
/// (1 for a plain event).
/// </summary>
public readonly record struct EventRow(IoEvent Io, long WallClockNs, ProcessRecord? Process, SocketRecord? Socket, long Calls = 1)
{
    /// <summary>The column names, in the order every format writes them.</summary>
    public static IReadOnlyList<string> ColumnNames { get; } =
    [
        "ts_ns", "time", "pid", "tid", "comm", "exe", "uid", "user", "container", "process_id", "socket_id",
        "direction", "bytes", "calls", "protocol", "local_addr", "local_port", "remote_addr", "remote_port", "app",
    ];

    public DateTime Time => WallClock(WallClockNs);

    /// <summary><see cref="Time"/> as ISO-8601 with every digit it holds and a Z, e.g. 2025-01-01T00:00:00.1000000Z.</summary>
    public string TimeText => Time.ToString(IsoFormat, CultureInfo.InvariantCulture);

    /// <summary>Writes <see cref="TimeText"/> into the span (28 characters) without allocating.</summary>
    public int FormatTime(Span<char> destination) =>
        Time.TryFormat(destination, out int written, IsoFormat, CultureInfo.InvariantCulture) ? written : throw new ArgumentException("too short", nameof(destination));

    // The round-trip format of a UTC DateTime: yyyy-MM-ddTHH:mm:ss.fffffffZ, and much faster than spelling that out.
    private const string IsoFormat = "O";

    public string DirectionName => Io.Direction == Direction.Tx ? "tx" : "rx";

    public string? ProtocolName => Socket is { } socket ? IpProtocol.Name(socket.Protocol) : null;

    /// <summary>UTC, cut to the 100 ns a DateTime holds (rounded down, before 1970 too, as Parquet readers round).</summary>
    internal static DateTime WallClock(long unixNs) => DateTime.UnixEpoch.AddTicks(Math.DivRem(unixNs, 100, out long rest) - (rest < 0 ? 1 : 0));

    /// <summary>Every event of the recording in timestamp order (summarized calls at their window's start), joined with its process and socket.</summary>
    /// <exception cref="OperationCanceledException">Cancelled (checked every 65,536 events).</exception>
    public static IEnumerable<EventRow> Read(IRecordingSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        long toWall = source.Info.MonotonicToWallNs;
        var processes = new RecordsById<ProcessRecord>(source.ReadProcesses(), p => p.ProcessId);
        var sockets = new RecordsById<SocketRecord>(source.ReadSockets(), s => s.SocketId);
        var summaries = source.ReadSummarizedIo();
        int next = 0;
        long count = 0;
        foreach (var io in source.ReadEvents())
        {
            if ((++count & 0xFFFF) == 0)
                cancellationToken.ThrowIfCancellationRequested();
            for (; next < summaries.Count && summaries[next].WindowStartNs <= io.TimestampNs; next++)
                yield return Summarized(summaries[next]);
            yield return new EventRow(io, io.TimestampNs + toWall, processes.Find(io.ProcessId), sockets.Find(io.SocketId));
        }
        for (; next < summaries.Count; next++)
            yield return Summarized(summaries[next]);

        EventRow Summarized(SummarizedIoRecord summary) => new(summary.AsEvent(), summary.WindowStartNs + toWall,
            processes.Find(summary.ProcessId), sockets.Find(summary.SocketId), summary.Calls);
    }
}
