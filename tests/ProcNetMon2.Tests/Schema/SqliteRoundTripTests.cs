using ProcNetMon2.Schema.Sqlite;

namespace ProcNetMon2.Tests.Schema;

public sealed class SqliteRoundTripTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    private static readonly ProcessRecord Curl = new()
    {
        ProcessId = 1, Pid = 4242, ParentPid = 1, Comm = "curl", Exe = "/usr/bin/curl",
        Cmdline = "curl -s https://example.org", Uid = 1000, UserName = "alice", FirstSeenNs = TestRecording.At(0.5),
        ExecNs = TestRecording.At(0.25), ExitNs = TestRecording.At(3), ExitCode = 0,
    };

    private static readonly ProcessRecord BareProcess = new()
    {
        ProcessId = 2, Pid = 77, Comm = "dns,resolver \"x\"", FirstSeenNs = TestRecording.At(1),
    };

    private static readonly SocketRecord TcpV4 = new()
    {
        SocketId = 10, ProcessId = 1, Family = AddressFamily.Inet, Protocol = 6,
        LocalAddr = "10.0.0.2", LocalPort = 51000, RemoteAddr = "93.184.216.34", RemotePort = 443,
        FirstSeenNs = TestRecording.At(0.5), LastSeenNs = TestRecording.At(2),
    };

    private static readonly SocketRecord UnconnectedUdpV6 = new()
    {
        SocketId = 11, ProcessId = 2, Family = AddressFamily.Inet6, Protocol = 17,
        LocalAddr = "::1", LocalPort = 5353, RemoteAddr = "", RemotePort = 0,
        FirstSeenNs = TestRecording.At(1), LastSeenNs = TestRecording.At(1),
    };

    private static readonly IoEvent[] Events =
    [
        new(TestRecording.At(0.5), 1, 4242, 10, Direction.Tx, 517),
        new(TestRecording.At(0.75), 1, 4243, 10, Direction.Rx, 1_048_576),
        new(TestRecording.At(1), 2, 77, 11, Direction.Tx, 0),
        new(TestRecording.At(2), 1, 4242, 10, Direction.Rx, long.MaxValue),
    ];

    private static readonly LossRecord[] Losses = [new(TestRecording.At(0), 3), new(TestRecording.At(2), 40)];

    private TestRecording Recording()
    {
        var recording = new TestRecording().WithFilters("--pid 4242").Process(Curl).Process(BareProcess)
            .Socket(TcpV4).Socket(UnconnectedUdpV6);
        foreach (var io in Events)
            recording.Event(io);
        foreach (var loss in Losses)
            recording.Loss((double)(loss.WindowStartNs - TestRecording.StartedNs) / TestRecording.NanosecondsPerSecond, loss.Lost);
        return recording;
    }

    [Fact]
    public void Everything_written_reads_back_identical()
    {
        var recording = Recording();
        using var source = recording.Open(directory);

        Assert.IsType<SqliteRecordingReader>(source);
        Assert.Equal(directory.File("recording.db"), source.Path);
        Assert.Equal(recording.Info, source.Info);
        Assert.Equal([Curl, BareProcess], source.ReadProcesses());
        Assert.Equal([TcpV4, UnconnectedUdpV6], source.ReadSockets());
        Assert.Equal(Events, source.ReadEvents());
        Assert.Equal(Losses, source.ReadLosses());
    }

    [Fact]
    public void A_recording_without_a_stop_time_reads_back_with_none()
    {
        var recording = Recording().NeverStopped();
        using var source = recording.Open(directory);

        Assert.Null(source.Info.StoppedNs);
        Assert.Equal(recording.Info, source.Info);
        Assert.Equal(Events, source.ReadEvents());
    }

    [Fact]
    public void Events_read_back_in_timestamp_order_whatever_the_write_order()
    {
        var recording = Recording();
        foreach (var io in Events.Reverse())
            recording.Event(io with { Bytes = 1 });
        using var source = recording.Open(directory);

        var timestamps = source.ReadEvents().Select(e => e.TimestampNs).ToList();

        Assert.Equal(timestamps.Order(), timestamps);
        Assert.Equal(Events.Length * 2, timestamps.Count);
    }

    [Fact]
    public void An_upserted_process_reads_back_with_its_latest_values()
    {
        var exited = Curl with { ExitNs = TestRecording.At(9), ExitCode = 3 };
        using var source = Recording().Process(exited).Open(directory);

        Assert.Equal([exited, BareProcess], source.ReadProcesses());
    }

    [Fact]
    public void A_recording_made_before_user_names_were_stored_reads_with_none()
    {
        string path = Recording().WriteTo(directory.File("older.db"));
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "ALTER TABLE processes DROP COLUMN user_name";
            command.ExecuteNonQuery();
        }

        using var source = RecordingFile.Open(path);

        Assert.Equal([Curl with { UserName = null }, BareProcess], source.ReadProcesses());
        Assert.Equal(Events, source.ReadEvents());
    }

    [Fact]
    public void A_recording_made_before_incidents_and_flow_losses_were_kept_reads_with_none()
    {
        string path = Recording().Incident(1, socketId: 10).FlushWindow(0, flowUpdatesLost: 9).WriteTo(directory.File("older.db"));
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DROP VIEW incidents; DROP TABLE tcp_incidents; ALTER TABLE recorder_stats DROP COLUMN flow_updates_lost";
            command.ExecuteNonQuery();
        }

        using var source = RecordingFile.Open(path);

        Assert.Empty(source.ReadTcpIncidents());
        Assert.Equal(0, Assert.Single(source.ReadRecorderStats()).FlowUpdatesLost);
        Assert.Empty(source.ReadFlowLossWindows());
        Assert.Equal(Events, source.ReadEvents());
    }

    [Fact]
    public void The_incidents_view_names_the_kind_and_the_process()
    {
        string path = Recording().Incident(1, socketId: 10).Incident(2, socketId: 10, TcpIncident.ResetReceived).WriteTo(directory.File("view.db"));
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT kind, pid, comm FROM incidents ORDER BY ts_ns";
        using var reader = command.ExecuteReader();
        var rows = new List<(string, long, string)>();
        while (reader.Read())
            rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetString(2)));

        Assert.Equal([("retransmit", Curl.Pid, Curl.Comm), ("reset_received", Curl.Pid, Curl.Comm)], rows);
    }

    [Fact]
    public void Events_written_in_time_order_stream_in_table_order_without_an_index()
    {
        string path = directory.File("ordered.db");
        using (var writer = SqliteRecordingWriter.Create(path))
        {
            writer.Begin(new TestRecording().Info with { StoppedNs = null });
            writer.AddEvents([Events[1], Events[0]]);
            writer.AddEvents([Events[2], Events[3]]);
            writer.Finish(TestRecording.At(10));
        }

        Assert.Equal(SqliteDdl.EventsInTimeOrder, Scalar(path, "PRAGMA user_version"));
        Assert.Equal(0, Scalar(path, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index'"));
        using var source = RecordingFile.Open(path);
        Assert.Equal(Events, source.ReadEvents());
    }

    [Fact]
    public void Events_out_of_order_across_batches_get_the_time_index_and_still_read_in_order()
    {
        string path = directory.File("unordered.db");
        using (var writer = SqliteRecordingWriter.Create(path))
        {
            writer.Begin(new TestRecording().Info with { StoppedNs = null });
            writer.AddEvents([Events[2], Events[3]]);
            writer.Flush();
            writer.AddEvents([Events[0], Events[1]]);
            writer.Finish(TestRecording.At(10));
        }

        Assert.Equal(0, Scalar(path, "PRAGMA user_version"));
        Assert.Equal(1, Scalar(path, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'events_by_time'"));
        using var source = RecordingFile.Open(path);
        Assert.Equal(Events, source.ReadEvents());
    }

    private static long Scalar(string path, string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose() => directory.Dispose();
}
