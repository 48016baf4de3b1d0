namespace ProcNetMon2.Tests.Analyze.Export;

/// <summary>One exported row as a reader sees it; <see cref="Of"/> builds what a recording should give, independently of the exporters.</summary>
internal sealed record ExportedRow(
    long TsNs, DateTime Time, int? Pid, int Tid, string? Comm, string? Exe, int? Uid, string? User, string? Container,
    long ProcessId, long SocketId, string Direction, long Bytes, long Calls,
    string? Protocol, string? LocalAddr, int? LocalPort, string? RemoteAddr, int? RemotePort, string? App)
{
    /// <summary>
    /// The recording's events in the order it gives them, each with its process and socket from the lists given; its
    /// summarized calls at their window's start, before the events of the same nanosecond.
    /// </summary>
    public static List<ExportedRow> Of(IRecordingSource recording, IEnumerable<ProcessRecord> processes, IEnumerable<SocketRecord> sockets)
    {
        long toWall = recording.Info.MonotonicToWallNs;
        var processById = processes.ToDictionary(p => p.ProcessId);
        var socketById = sockets.ToDictionary(s => s.SocketId);
        var summarized = recording.ReadSummarizedIo();
        var events = summarized.Select(s => (Event: new IoEvent(s.WindowStartNs, s.ProcessId, s.Tid, s.SocketId, s.Direction, s.Bytes), s.Calls))
            .Concat(recording.ReadEvents().Select(e => (Event: e, Calls: 1L)))
            .OrderBy(e => e.Event.TimestampNs);
        return events.Select(row =>
        {
            var e = row.Event;
            var p = processById.GetValueOrDefault(e.ProcessId);
            var s = socketById.GetValueOrDefault(e.SocketId);
            return new ExportedRow(
                e.TimestampNs, DateTime.UnixEpoch.AddTicks(FloorDiv(e.TimestampNs + toWall, 100)), p?.Pid, e.Tid, p?.Comm, p?.Exe, p?.Uid, p?.UserName, p?.Container,
                e.ProcessId, e.SocketId, e.Direction == ProcNetMon2.Schema.Direction.Tx ? "tx" : "rx", e.Bytes, row.Calls,
                s is null ? null : s.Protocol switch { 6 => "tcp", 17 => "udp", _ => s.Protocol.ToString() },
                s?.LocalAddr, s?.LocalPort, s?.RemoteAddr, s?.RemotePort, s?.App);
        }).ToList();
    }

    /// <summary>The same row with its time rounded down to whole microseconds, as a Parquet timestamp in microseconds holds it.</summary>
    public ExportedRow WithMicrosecondTime() =>
        this with { Time = DateTime.UnixEpoch.AddTicks(FloorDiv((Time - DateTime.UnixEpoch).Ticks, 10) * 10) };

    /// <summary>
    /// The rows (in time order) as a Parquet export holds them: cut into groups of <paramref name="rowsPerGroup"/>,
    /// each ordered by process_id then socket_id, time order kept within a pair.
    /// </summary>
    public static List<ExportedRow> InParquetOrder(IEnumerable<ExportedRow> rows, int rowsPerGroup) =>
        rows.Chunk(rowsPerGroup).SelectMany(group => group.OrderBy(r => r.ProcessId).ThenBy(r => r.SocketId)).ToList();

    private static long FloorDiv(long value, long divisor) => (long)Math.Floor((decimal)value / divisor);

    /// <summary>Equal lists, reporting the first row and column that differ rather than two walls of text.</summary>
    public static void AssertEqual(IEnumerable<ExportedRow> expected, IEnumerable<ExportedRow> actual)
    {
        var wanted = expected.ToList();
        var got = actual.ToList();
        for (int i = 0; i < Math.Min(wanted.Count, got.Count); i++)
            foreach (var property in typeof(ExportedRow).GetProperties().Where(p => p.Name != "EqualityContract"))
                Assert.True(Equals(property.GetValue(wanted[i]), property.GetValue(got[i])),
                    $"row {i}, {property.Name}: expected «{Show(property.GetValue(wanted[i]))}», got «{Show(property.GetValue(got[i]))}»");
        Assert.Equal(wanted.Count, got.Count);
    }

    private static string? Show(object? value) => value is DateTime time ? time.ToString("O") + $" {time.Kind}" : value?.ToString();
}
