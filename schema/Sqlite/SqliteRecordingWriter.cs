using Dapper;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ProcNetMon2.Schema.Sqlite;

/// <summary>
/// Writes a SQLite recording: WAL and one transaction per flush while recording; indexes and a
/// single self-contained file (journal mode DELETE) once finished. Not thread-safe.
/// </summary>
public sealed class SqliteRecordingWriter : IRecordingSink
{
    private readonly SqliteConnection connection;
    private SqliteTransaction transaction;
    // Events go through SQLite's own prepared-statement API, many rows per statement: binding six
    // integers per row through ADO.NET parameters, one statement per row, costs several times more.
    private const int RowsPerInsert = 64;
    private const int ColumnsPerEvent = 6;
    private readonly sqlite3_stmt insertEvents;
    private readonly sqlite3_stmt insertEvent;
    // Each batch is sorted before it is inserted; batches usually follow each other in time too.
    private long lastTimestampNs = long.MinValue;
    private bool inTimeOrder = true;

    private SqliteRecordingWriter(SqliteConnection connection)
    {
        this.connection = connection;
        transaction = connection.BeginTransaction();
        insertEvents = Prepare(RowsPerInsert);
        insertEvent = Prepare(1);
    }

    private sqlite3_stmt Prepare(int rows)
    {
        string values = string.Join(", ", Enumerable.Repeat("(?, ?, ?, ?, ?, ?)", rows));
        Check(raw.sqlite3_prepare_v2(connection.Handle,
            $"INSERT INTO events (ts_ns, process_id, tid, socket_id, direction, bytes) VALUES {values}", out var statement));
        return statement;
    }

    /// <summary>Creates a new recording file readable by its owner only.</summary>
    public static SqliteRecordingWriter Create(string path)
    {
        // The file is made here, not by SQLite, so it starts private: recordings reveal command lines and peers.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (new FileStream(path, options)) { }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        connection.Open();
        // Tables first, so even a copy of the main file alone is recognisable as a recording. One transaction:
        // one journal and one sync for the whole schema, not one for each of its statements.
        using (var schema = connection.BeginTransaction())
        {
            connection.Execute(SqliteDdl.Tables, transaction: schema);
            connection.Execute($"PRAGMA user_version = {SqliteDdl.EventsInTimeOrder};", transaction: schema);
            schema.Commit();
        }
        connection.Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        return new SqliteRecordingWriter(connection);
    }

    public int FormatVersion => Schema.FormatVersion.Sqlite;

    public void Begin(RecordingInfo info) =>
        connection.Execute("""
            INSERT INTO recording (format_version, pnm_version, host, kernel_release, backend, programs, filters,
                                   ring_bytes, started_ns, stopped_ns, monotonic_to_wall_ns)
            VALUES (@FormatVersion, @PnmVersion, @Host, @KernelRelease, @Backend, @Programs, @Filters,
                    @RingBytes, @StartedNs, @StoppedNs, @MonotonicToWallNs)
            """, info, transaction);

    public void UpsertProcess(ProcessRecord process) =>
        connection.Execute("""
            INSERT OR REPLACE INTO processes (process_id, pid, parent_pid, comm, exe, cmdline, uid, first_seen_ns,
                                              fork_ns, exec_ns, exit_ns, exit_code, gid, cgroup_path, container, unit,
                                              user_name)
            VALUES (@ProcessId, @Pid, @ParentPid, @Comm, @Exe, @Cmdline, @Uid, @FirstSeenNs,
                    @ForkNs, @ExecNs, @ExitNs, @ExitCode, @Gid, @CgroupPath, @Container, @Unit, @UserName)
            """, process, transaction);

    public void UpsertSocket(SocketRecord socket) =>
        connection.Execute("""
            INSERT OR REPLACE INTO sockets (socket_id, process_id, cookie, family, protocol, local_addr, local_port,
                                            remote_addr, remote_port, first_seen_ns, last_seen_ns, role, connect_ns,
                                            established_ns, close_ns, close_reason, state, retransmits, resets_sent,
                                            resets_received, app, app_method, app_detail)
            VALUES (@SocketId, @ProcessId, @Cookie, @Family, @Protocol, @LocalAddr, @LocalPort, @RemoteAddr, @RemotePort,
                    @FirstSeenNs, @LastSeenNs, @Role, @ConnectNs, @EstablishedNs, @CloseNs, @CloseReason, @State,
                    @Retransmits, @ResetsSent, @ResetsReceived, @App, @AppMethod, @AppDetail)
            """, socket, transaction);

    public void AddEvents(ReadOnlySpan<IoEvent> events)
    {
        if (events.IsEmpty)
            return;
        if (!EventOrder.IsInTimeOrder(events))
        {
            var ordered = events.ToArray();
            EventOrder.SortByTimestamp(ordered);
            events = ordered;
        }
        if (inTimeOrder && events[0].TimestampNs < lastTimestampNs)
        {
            inTimeOrder = false;
            connection.Execute("PRAGMA user_version = 0;", transaction: transaction);
        }
        lastTimestampNs = Math.Max(lastTimestampNs, events[^1].TimestampNs);
        int full = events.Length / RowsPerInsert * RowsPerInsert;
        for (int start = 0; start < full; start += RowsPerInsert)
            Insert(insertEvents, events.Slice(start, RowsPerInsert));
        foreach (var single in events[full..])
            Insert(insertEvent, [single]);
    }

    private void Insert(sqlite3_stmt statement, ReadOnlySpan<IoEvent> rows)
    {
        int column = 1;
        foreach (ref readonly var e in rows)
        {
            raw.sqlite3_bind_int64(statement, column, e.TimestampNs);
            raw.sqlite3_bind_int64(statement, column + 1, e.ProcessId);
            raw.sqlite3_bind_int64(statement, column + 2, e.Tid);
            raw.sqlite3_bind_int64(statement, column + 3, e.SocketId);
            raw.sqlite3_bind_int64(statement, column + 4, (long)e.Direction);
            raw.sqlite3_bind_int64(statement, column + 5, e.Bytes);
            column += ColumnsPerEvent;
        }
        int result = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (result != raw.SQLITE_DONE)
            Check(result);
    }

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK && result != raw.SQLITE_DONE)
            throw new SqliteException(raw.sqlite3_errmsg(connection.Handle).utf8_to_string(), result);
    }

    public void UpsertInterface(InterfaceRecord networkInterface) =>
        connection.Execute("INSERT OR REPLACE INTO interfaces (ifindex, name) VALUES (@Ifindex, @Name)", networkInterface, transaction);

    public void AddPacketFlows(IReadOnlyList<PacketFlowRecord> flows) =>
        connection.Execute("""
            INSERT INTO packet_flows (window_start_ns, window_end_ns, socket_id, ifindex, direction, family, protocol,
                                      remote_addr, remote_port, packets, bytes)
            VALUES (@WindowStartNs, @WindowEndNs, @SocketId, @Ifindex, @Direction, @Family, @Protocol,
                    @RemoteAddr, @RemotePort, @Packets, @Bytes)
            """, flows, transaction);

    public void AddSummarizedIo(IReadOnlyList<SummarizedIoRecord> summaries) =>
        connection.Execute(SqliteSummarizedIo.Insert, summaries, transaction);

    public void AddLoss(LossRecord loss) =>
        connection.Execute("INSERT INTO losses (window_start_ns, lost, cpu) VALUES (@WindowStartNs, @Lost, @Cpu)", loss, transaction);

    public void AddRecorderStats(RecorderStatsRecord stats) =>
        connection.Execute("""
            INSERT INTO recorder_stats (window_start_ns, window_end_ns, cpu_seconds, rss_bytes, ring_fill_peak_bytes,
                                        events_submitted, events_filtered, flow_updates_lost, calls_summarized)
            VALUES (@WindowStartNs, @WindowEndNs, @CpuSeconds, @RssBytes, @RingFillPeakBytes, @EventsSubmitted, @EventsFiltered,
                    @FlowUpdatesLost, @CallsSummarized)
            """, stats, transaction);

    public void AddTcpIncidents(IReadOnlyList<TcpIncidentRecord> incidents) =>
        connection.Execute("INSERT INTO tcp_incidents (ts_ns, socket_id, kind) VALUES (@TimestampNs, @SocketId, @Kind)",
            incidents.Select(i => new { i.TimestampNs, i.SocketId, Kind = (int)i.Kind }), transaction);

    public void Flush()
    {
        transaction.Commit();
        transaction.Dispose();
        transaction = connection.BeginTransaction();
    }

    public void Finish(long stoppedNs)
    {
        connection.Execute("UPDATE recording SET stopped_ns = @stoppedNs", new { stoppedNs }, transaction);
        if (!inTimeOrder)
            connection.Execute(SqliteDdl.TimeIndex, transaction: transaction);
        transaction.Commit();
        transaction.Dispose();
        transaction = connection.BeginTransaction();
    }

    public void Dispose()
    {
        transaction.Commit();
        transaction.Dispose();
        insertEvents.Dispose();
        insertEvent.Dispose();
        // Fold the WAL back in so a finished recording is one file.
        connection.Execute("PRAGMA journal_mode=DELETE;");
        connection.Dispose();
    }
}
