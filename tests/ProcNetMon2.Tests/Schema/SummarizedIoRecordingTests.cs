using Dapper;
using Microsoft.Data.Sqlite;
using ProcNetMon2.Schema.Segments;
using ProcNetMon2.Schema.Sqlite;

namespace ProcNetMon2.Tests.Schema;

/// <summary>Summarized I/O (format version 2) through both formats, convert, check and the SQL views; version 1 recordings without it.</summary>
public sealed class SummarizedIoRecordingTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    private static TestRecording Recording() => new TestRecording()
        .Process(1, 100, "flood")
        .Process(2, 200, "server")
        .Socket(Socket(10, processId: 1))
        .Socket(Socket(11, processId: 2))
        .Tx(0.5, 1, socketId: 10, bytes: 64)
        .Summarized(1.25, 1, socketId: 10, Direction.Tx, bytes: 64 * 30_000, calls: 30_000, tid: 101)
        .Summarized(1.25, 1, socketId: 10, Direction.Tx, bytes: 64 * 5, calls: 5, tid: 102)
        .Summarized(2.0, 2, socketId: 11, Direction.Rx, bytes: long.MaxValue / 4, calls: 1)
        .Rx(3.0, 2, socketId: 11, bytes: 7);

    private static SocketRecord Socket(long socketId, long processId) => new()
    {
        SocketId = socketId, ProcessId = processId, Family = AddressFamily.Inet, Protocol = IpProtocol.Udp,
        LocalAddr = "127.0.0.1", LocalPort = 40000 + (int)socketId, RemoteAddr = "127.0.0.1", RemotePort = 9,
        FirstSeenNs = TestRecording.StartedNs, LastSeenNs = TestRecording.StartedNs,
    };

    private static IReadOnlyList<SummarizedIoRecord> Expected(TemporaryDirectory directory)
    {
        using var source = Recording().Open(directory, "expected.db");
        return source.ReadSummarizedIo();
    }

    [Fact]
    public void SQLite_keeps_every_field()
    {
        using var source = Recording().Open(directory);

        var summaries = source.ReadSummarizedIo();

        Assert.Equal(3, summaries.Count);
        Assert.Equal(new SummarizedIoRecord
        {
            WindowStartNs = TestRecording.At(1.25), WindowEndNs = TestRecording.At(1.75), ProcessId = 1, Tid = 101, SocketId = 10,
            Direction = Direction.Tx, Bytes = 64 * 30_000, Calls = 30_000,
        }, summaries[0]);
        Assert.Equal((Direction.Rx, long.MaxValue / 4, 1L), (summaries[2].Direction, summaries[2].Bytes, summaries[2].Calls));
        Assert.Equal(FormatVersion.Sqlite, source.Info.FormatVersion);
    }

    [Fact]
    public void Converted_to_segments_and_back_they_stay_identical()
    {
        using var sqlite = Recording().Open(directory);
        string segments = directory.File("converted.pnm");
        using (var sink = RecordingFile.Create(segments))
            RecordingCopy.Copy(sqlite, sink);
        using var segmentSource = RecordingFile.Open(segments);
        string back = directory.File("back.db");
        using (var sink = RecordingFile.Create(back))
            RecordingCopy.Copy(segmentSource, sink);
        using var backSource = RecordingFile.Open(back);

        Assert.IsType<SegmentRecordingReader>(segmentSource);
        var expected = Expected(directory);
        Assert.Equal(expected, segmentSource.ReadSummarizedIo());
        Assert.Equal(expected, backSource.ReadSummarizedIo());
    }

    [Fact]
    public void The_io_view_and_socket_totals_include_them_so_sums_are_exact()
    {
        string path = Recording().WriteTo(directory.File("views.db"));
        using var db = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");

        var (rows, bytes, calls) = db.QuerySingle<(long, long, long)>("SELECT COUNT(*), SUM(bytes), SUM(calls) FROM io WHERE pid = 100");
        var summarizedRow = db.QuerySingle<(long, long, string)>("SELECT ts_ns, tid, direction FROM io WHERE calls = 5");
        long txOfFlood = db.ExecuteScalar<long>("SELECT tx_bytes FROM socket_totals WHERE socket_id = 10");

        Assert.Equal((3L, 64 + 64 * 30_005L, 1 + 30_005L), (rows, bytes, calls));
        Assert.Equal((TestRecording.At(1.25), 102L, "tx"), summarizedRow);
        Assert.Equal(64 + 64 * 30_005L, txOfFlood);
        Assert.Equal(1L, db.ExecuteScalar<long>("SELECT calls FROM io WHERE bytes = 7"));
    }

    [Fact]
    public void Check_counts_the_summarized_calls()
    {
        string path = Recording().WriteTo(directory.File("check.db"));

        var result = RecordingCheck.Run(path);

        Assert.True(result.Clean);
        Assert.Equal(2, result.Events);
        Assert.Equal(30_006, result.SummarizedCalls);
    }

    [Fact]
    public void A_version_1_recording_without_the_table_reads_with_none()
    {
        string path = VersionOneRecording(directory, Recording().WriteTo(directory.File("v1.db")));

        using var source = RecordingFile.Open(path);

        Assert.Equal(1, source.Info.FormatVersion);
        Assert.Empty(source.ReadSummarizedIo());
        Assert.Equal(2, source.ReadEvents().Count());
        Assert.Equal(0, RecordingCheck.Run(path).SummarizedCalls);
    }

    [Fact]
    public void A_direction_that_is_neither_tx_nor_rx_is_refused_in_one_line()
    {
        string path = Recording().WriteTo(directory.File("bad.db"));
        using (var db = new SqliteConnection($"Data Source={path};Pooling=False"))
            db.Execute("UPDATE summarized_io SET direction = 7 WHERE calls = 5");
        using var source = RecordingFile.Open(path);

        var error = Assert.Throws<RecordingException>(() => source.ReadSummarizedIo());

        Assert.Equal($"{path} is corrupt: a summarized_io row holds a direction that is neither tx nor rx", error.Message);
    }

    /// <summary>
    /// Turns a recording of this version without summarized I/O into what version 1 wrote: no summarized_io table, the
    /// views as they were then, format_version 1.
    /// </summary>
    internal static string VersionOneRecording(TemporaryDirectory directory, string path)
    {
        using var db = new SqliteConnection($"Data Source={path};Pooling=False");
        db.Execute("""
            DROP VIEW io; DROP VIEW socket_totals; DROP TABLE summarized_io;
            CREATE VIEW io AS
                SELECT e.ts_ns, e.ts_ns + r.monotonic_to_wall_ns AS wall_ns, p.pid, e.tid, p.comm,
                       CASE s.protocol WHEN 6 THEN 'tcp' WHEN 17 THEN 'udp' ELSE s.protocol END AS proto,
                       s.local_addr, s.local_port, s.remote_addr, s.remote_port,
                       CASE e.direction WHEN 0 THEN 'tx' ELSE 'rx' END AS direction, e.bytes,
                       e.process_id, e.socket_id
                FROM events e JOIN processes p USING (process_id) JOIN sockets s USING (socket_id), recording r;
            CREATE VIEW socket_totals AS
                SELECT s.*, p.pid, p.comm, COALESCE(t.tx_bytes, 0) AS tx_bytes, COALESCE(t.rx_bytes, 0) AS rx_bytes
                FROM sockets s LEFT JOIN processes p USING (process_id)
                LEFT JOIN (SELECT socket_id,
                                  SUM(CASE direction WHEN 0 THEN bytes END) AS tx_bytes,
                                  SUM(CASE direction WHEN 1 THEN bytes END) AS rx_bytes
                           FROM events GROUP BY socket_id) t USING (socket_id);
            UPDATE recording SET format_version = 1;
            """);
        return path;
    }

    public void Dispose() => directory.Dispose();
}
