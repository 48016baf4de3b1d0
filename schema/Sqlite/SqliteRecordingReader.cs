using System.Runtime.CompilerServices;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ProcNetMon2.Schema.Sqlite;

/// <summary>Reads a SQLite recording; every failure surfaces as a one-line RecordingException.</summary>
public sealed class SqliteRecordingReader : IRecordingSource
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("SQLite format 3\0");
    private const int SqliteCorrupt = 11, SqliteNotADatabase = 26;

    private readonly SqliteConnection connection;
    private readonly SqliteRecordingLayout layout;

    public string Path { get; }
    public RecordingInfo Info { get; }
    /// <summary>SQLite either reads a page or reports the recording corrupt: nothing is skipped. Triggers in the file are named.</summary>
    public IReadOnlyList<string> Warnings { get; }

    private SqliteRecordingReader(string path, SqliteConnection connection, RecordingInfo info, SqliteRecordingLayout layout, IReadOnlyList<string> warnings)
    {
        Path = path;
        this.connection = connection;
        Info = info;
        this.layout = layout;
        Warnings = warnings;
    }

    public static bool HasMagic(ReadOnlySpan<byte> first16) => first16.SequenceEqual(Magic);

    public static SqliteRecordingReader Open(string path)
    {
        var connection = OpenConnection(path);
        try
        {
            Guard(path, () =>
            {
                Open(connection);
                SqliteUntrustedFile.RequirePlainTables(connection, path);
                return true;
            });
            var info = Guard(path, () => ReadInfo(path, connection));
            var layout = Guard(path, () => SqliteRecordingLayout.Of(connection));
            return new SqliteRecordingReader(path, connection, info, layout, Guard(path, () => SqliteUntrustedFile.Warnings(connection, path)));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static SqliteConnection OpenConnection(string path) => new(new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadOnly,
        Pooling = false,
    }.ToString());

    private static void Open(SqliteConnection connection)
    {
        connection.Open();
        SqliteUntrustedFile.Harden(connection);
    }

    private static RecordingInfo ReadInfo(string path, SqliteConnection connection)
    {
        var tables = connection.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table'").ToHashSet();
        string[] required = ["recording", "processes", "sockets", "events", "losses", "interfaces", "packet_flows", "recorder_stats"];
        if (!required.All(tables.Contains))
            throw new RecordingException($"{path} is a SQLite database but not a pnm recording");
        var info = connection.QuerySingleOrDefault<RecordingInfo>("""
            SELECT format_version AS FormatVersion, pnm_version AS PnmVersion, host AS Host,
                   kernel_release AS KernelRelease, backend AS Backend, programs AS Programs, filters AS Filters,
                   ring_bytes AS RingBytes, started_ns AS StartedNs, stopped_ns AS StoppedNs,
                   monotonic_to_wall_ns AS MonotonicToWallNs
            FROM recording
            """) ?? throw new RecordingException($"{path} has no recording metadata: it was not started properly");
        if (info.FormatVersion > FormatVersion.Sqlite)
            throw new RecordingException(
                $"{path} uses recording format {info.FormatVersion}; this pnm reads up to {FormatVersion.Sqlite}: upgrade pnm");
        return info;
    }

    /// <summary>SQLite's own check of every page and index; empty when all is well.</summary>
    public IReadOnlyList<string> CheckIntegrity()
    {
        var result = Guard(Path, () => connection.Query<string>("PRAGMA integrity_check").ToList());
        return result is ["ok"] ? [] : result.Select(line => $"SQLite integrity check: {line}").ToList();
    }

    public IReadOnlyList<ProcessRecord> ReadProcesses() => Unique(Guard(Path, () => connection.Query<ProcessRecord>($"""
        SELECT process_id AS ProcessId, pid AS Pid, parent_pid AS ParentPid, comm AS Comm, exe AS Exe,
               cmdline AS Cmdline, uid AS Uid, first_seen_ns AS FirstSeenNs, fork_ns AS ForkNs, exec_ns AS ExecNs,
               exit_ns AS ExitNs, exit_code AS ExitCode, gid AS Gid, cgroup_path AS CgroupPath,
               container AS Container, unit AS Unit, {layout.UserName} AS UserName
        FROM processes ORDER BY process_id
        """).ToList()), p => p.ProcessId, "process_id");

    public IReadOnlyList<SocketRecord> ReadSockets() => Unique(Guard(Path, () => connection.Query<SocketRecord>("""
        SELECT socket_id AS SocketId, process_id AS ProcessId, family AS Family, protocol AS Protocol,
               local_addr AS LocalAddr, local_port AS LocalPort, remote_addr AS RemoteAddr,
               remote_port AS RemotePort, first_seen_ns AS FirstSeenNs, last_seen_ns AS LastSeenNs,
               cookie AS Cookie, role AS Role, connect_ns AS ConnectNs, established_ns AS EstablishedNs,
               close_ns AS CloseNs, close_reason AS CloseReason, state AS State, retransmits AS Retransmits,
               resets_sent AS ResetsSent, resets_received AS ResetsReceived, app AS App, app_method AS AppMethod,
               app_detail AS AppDetail
        FROM sockets ORDER BY socket_id
        """).ToList()), s => s.SocketId, "socket_id");

    public IReadOnlyList<InterfaceRecord> ReadInterfaces() => Guard(Path, () => connection.Query<InterfaceRow>(
        "SELECT ifindex AS Ifindex, name AS Name FROM interfaces ORDER BY ifindex").Select(i => new InterfaceRecord((int)i.Ifindex, i.Name)).ToList());

    public IReadOnlyList<PacketFlowRecord> ReadPacketFlows() => ReadPacketFlows(SeriesRange.Whole);

    private List<PacketFlowRecord> ReadPacketFlows(SeriesRange range) => Guard(Path, () => connection.Query<PacketFlowRecord>($"""
        SELECT window_start_ns AS WindowStartNs, window_end_ns AS WindowEndNs, socket_id AS SocketId, ifindex AS Ifindex,
               direction AS Direction, family AS Family, protocol AS Protocol, remote_addr AS RemoteAddr,
               remote_port AS RemotePort, packets AS Packets, bytes AS Bytes
        FROM packet_flows WHERE {range.Spans} ORDER BY window_start_ns, socket_id
        """, range).ToList());

    public IReadOnlyList<SummarizedIoRecord> ReadSummarizedIo() => ReadSummarizedIo(SeriesRange.Whole);

    private IReadOnlyList<SummarizedIoRecord> ReadSummarizedIo(SeriesRange range) =>
        !layout.HasSummarizedIo ? [] : Guard(Path, () => SqliteSummarizedIo.Read(connection, Path, range.Spans, range));

    /// <summary>Only the rows that reach into the range, selected by SQLite (each kind by its time, <see cref="SeriesRange"/>).</summary>
    public RecordingSeries ReadSeries(long fromNs, long toNs)
    {
        if (fromNs == long.MinValue && toNs == long.MaxValue)
            return RecordingSeries.Whole(this);
        var range = new SeriesRange(fromNs, toNs);
        return new RecordingSeries(ReadLosses(range), ReadPacketFlows(range),
            ReadRecorderStats($"WHERE {layout.FlowUpdatesLost} > 0 AND {range.Spans}", range), ReadTcpIncidents(range), ReadSummarizedIo(range),
            layout.HasTcpIncidents && Guard(Path, () => connection.ExecuteScalar<bool>("SELECT EXISTS (SELECT 1 FROM tcp_incidents)")));
    }

    public IReadOnlyList<LossRecord> ReadLosses() => ReadLosses(SeriesRange.Whole);

    private List<LossRecord> ReadLosses(SeriesRange range) => Guard(Path, () => connection.Query<LossRow>(
        $"SELECT window_start_ns AS WindowStartNs, lost AS Lost, cpu AS Cpu FROM losses WHERE {range.LossSecond} ORDER BY window_start_ns, cpu", range)
        .Select(l => new LossRecord(l.WindowStartNs, l.Lost, (int?)l.Cpu)).ToList());

    public IReadOnlyList<RecorderStatsRecord> ReadRecorderStats() => ReadRecorderStats("", SeriesRange.Whole);

    // A week of one-second windows is 600,000 rows: analyses read only the few that matter.
    public IReadOnlyList<RecorderStatsRecord> ReadFlowLossWindows() => ReadRecorderStats($"WHERE {layout.FlowUpdatesLost} > 0", SeriesRange.Whole);

    private List<RecorderStatsRecord> ReadRecorderStats(string where, SeriesRange range) => Guard(Path, () => connection.Query<RecorderStatsRecord>($"""
        SELECT window_start_ns AS WindowStartNs, window_end_ns AS WindowEndNs, cpu_seconds AS CpuSeconds, rss_bytes AS RssBytes,
               ring_fill_peak_bytes AS RingFillPeakBytes, events_submitted AS EventsSubmitted, events_filtered AS EventsFiltered,
               {layout.FlowUpdatesLost} AS FlowUpdatesLost,
               {layout.CallsSummarized} AS CallsSummarized
        FROM recorder_stats {where} ORDER BY window_start_ns
        """, range).ToList());

    public IReadOnlyList<TcpIncidentRecord> ReadTcpIncidents() => ReadTcpIncidents(SeriesRange.Whole);

    private IReadOnlyList<TcpIncidentRecord> ReadTcpIncidents(SeriesRange range) => !layout.HasTcpIncidents ? [] : Guard(Path, () =>
        connection.Query<TcpIncidentRow>(
            $"SELECT ts_ns AS TimestampNs, socket_id AS SocketId, kind AS Kind FROM tcp_incidents WHERE {range.Instant} ORDER BY ts_ns, rowid", range)
            .Select(i => i.Kind is >= byte.MinValue and <= byte.MaxValue
                ? new TcpIncidentRecord(i.TimestampNs, i.SocketId, (TcpIncident)i.Kind)
                : throw new RecordingException($"{Path} is corrupt: a TCP incident of kind {i.Kind}")).ToList());

    public IEnumerable<IoEvent> ReadEvents()
    {
        foreach (var batch in ReadEventBatches(long.MinValue, long.MaxValue))
            for (int i = 0; i < batch.Length; i++)
                yield return batch.Span[i];
    }

    public IEnumerable<ReadOnlyMemory<IoEvent>> ReadEventBatches(long fromNs, long toNs)
    {
        // Rows written in timestamp order stream in table order from the first row in range, found by a binary
        // search over rowids; others need the time index (or a sort).
        return WithProgress(IsInTimeOrder()
            ? ReadInRowidOrder(fromNs, toNs)
            : ReadRows(connection.Handle!, $"{SelectEvents} WHERE ts_ns >= {fromNs} AND ts_ns < {toNs} ORDER BY ts_ns"), ProgressOf(fromNs, toNs));
    }

    private IEnumerable<ReadOnlyMemory<IoEvent>> ReadInRowidOrder(long fromNs, long toNs)
    {
        long first = FirstRowAtOrAfter(fromNs);
        using var pages = OpenEventPages(first, LastRowBefore(toNs));
        var batches = pages is null
            ? ReadRows(connection.Handle!, $"{SelectEvents} WHERE rowid >= {first} ORDER BY rowid")
            : new SqliteEventLeaves(pages.File).Read(pages.Leaves, 0, pages.Leaves.Count, pages.FirstRowid, pages.LastRowid);
        foreach (var batch in Before(toNs, batches))
            yield return batch;
    }

    /// <summary>The batches' events up to the first at or after <paramref name="toNs"/>, where reading stops.</summary>
    private static IEnumerable<ReadOnlyMemory<IoEvent>> Before(long toNs, IEnumerable<ReadOnlyMemory<IoEvent>> batches)
    {
        foreach (var batch in batches)
        {
            int end = batch.Length;
            while (end > 0 && batch.Span[end - 1].TimestampNs >= toNs)
                end--;
            if (end > 0)
                yield return batch[..end];
            if (end < batch.Length)
                yield break;
        }
    }

    private static IEnumerable<ReadOnlyMemory<IoEvent>> WithProgress(IEnumerable<ReadOnlyMemory<IoEvent>> batches, EventReadProgress? progress)
    {
        if (progress is null)
            return batches;
        return Reported();

        IEnumerable<ReadOnlyMemory<IoEvent>> Reported()
        {
            foreach (var batch in batches)
            {
                progress.Batch(batch.Span);
                yield return batch;
            }
            progress.Finish();
        }
    }

    private EventReadProgress? ProgressOf(long fromNs, long toNs) => EventReadProgress.Start(fromNs, toNs, () => (Info.StartedNs, ReadLastEventNs()));

    /// <summary>
    /// Rows in time order are split into one rowid range per core, each read on its own connection; other recordings
    /// are read on one thread.
    /// </summary>
    public IReadOnlyList<TState> ReadEventBatchesInParallel<TState>(long fromNs, long toNs, Func<TState> createState,
        Action<TState, ReadOnlySpan<IoEvent>> consume)
    {
        long first = FirstRowAtOrAfter(fromNs), end = toNs == long.MaxValue ? long.MaxValue : FirstRowAtOrAfter(toNs);
        long? lastRow = Guard(Path, () => connection.ExecuteScalar<long?>("SELECT max(rowid) FROM events"));
        int workers = ParallelReaders.WorkerCount();
        if (!IsInTimeOrder() || lastRow is not { } last || Math.Min(end - 1, last) - Math.Max(first, 0) < 100_000 || workers == 1)
        {
            var state = createState();
            foreach (var batch in ReadEventBatches(fromNs, toNs))
                consume(state, batch.Span);
            return [state];
        }
        long from = Math.Max(first, 0), to = Math.Min(end - 1, last), chunk = (to - from) / workers + 1;
        var progress = ProgressOf(fromNs, toNs);
        if (OpenEventPages(from, to) is { } pages)
        {
            using (pages)
            {
                var read = ReadLeavesInParallel(pages, workers, createState, consume, progress);
                progress?.Finish();
                return read;
            }
        }
        var states = ParallelReaders.Run(workers, "pnm sqlite reader", createState, (w, state, _) =>
        {
            using var own = OpenWorkerConnection();
            long low = from + w * chunk, high = Math.Min(to, low + chunk - 1);
            foreach (var batch in Before(toNs, ReadRows(own, $"{SelectEvents} WHERE rowid BETWEEN {low} AND {high} ORDER BY rowid")))
            {
                progress?.Batch(batch.Span);
                consume(state, batch.Span);
            }
        });
        progress?.Finish();
        return states;
    }

    private const string SelectEvents = "SELECT ts_ns, process_id, tid, socket_id, direction, bytes FROM events";

    /// <summary>Leaf pages go to the threads a few at a time, as each is free: a thread the machine holds back takes fewer.</summary>
    private const int LeavesPerTask = 64;

    /// <summary>
    /// Each thread reads its own contiguous share of the leaves, a task at a time, then helps with what is left of
    /// the others'. Contiguous shares keep each thread's per-group time series to its part of the recording (taking
    /// tasks from anywhere made each span the whole of it: 12% more memory for a report); helping keeps a thread
    /// the machine holds back from holding up the scan.
    /// </summary>
    private static IReadOnlyList<TState> ReadLeavesInParallel<TState>(EventPages pages, int workers, Func<TState> createState,
        Action<TState, ReadOnlySpan<IoEvent>> consume, EventReadProgress? progress)
    {
        int tasks = (pages.Leaves.Count + LeavesPerTask - 1) / LeavesPerTask;
        workers = Math.Min(workers, Math.Max(1, tasks));
        // Share s is tasks [first[s], first[s + 1]); next[s] is the last task of it taken.
        var first = Enumerable.Range(0, workers + 1).Select(s => (int)((long)tasks * s / workers)).ToArray();
        var next = first[..workers].Select(f => f - 1).ToArray();
        return ParallelReaders.Run(workers, "pnm sqlite reader", createState, (w, state, failed) =>
        {
            var leaves = new SqliteEventLeaves(pages.File);
            for (int share = w, helped = 0; helped < workers; share = (share + 1) % workers, helped++)
            {
                for (int task = Interlocked.Increment(ref next[share]); task < first[share + 1] && !failed(); task = Interlocked.Increment(ref next[share]))
                {
                    int start = task * LeavesPerTask;
                    foreach (var batch in leaves.Read(pages.Leaves, start, Math.Min(LeavesPerTask, pages.Leaves.Count - start), pages.FirstRowid, pages.LastRowid))
                    {
                        progress?.Batch(batch.Span);
                        consume(state, batch.Span);
                    }
                }
            }
        });
    }

    /// <summary>The events table's leaf pages holding rowids first..last, read from the file itself while <see cref="Transaction"/> keeps writers out.</summary>
    private sealed record EventPages(SqliteTablePages File, sqlite3 Transaction, List<uint> Leaves, long FirstRowid, long LastRowid) : IDisposable
    {
        public void Dispose()
        {
            File.Dispose();
            Transaction.Dispose();
        }
    }

    /// <summary>
    /// The events' leaf pages to read straight from the file, skipping SQLite's per-row statement machinery (most of
    /// a scan's time, docs/benchmarks.md); null when SQLite must read them: a file in WAL mode (a live or crashed
    /// recorder's, whose pages may be in the -wal file) or whose events table is not the layout pnm writes.
    /// A read transaction on a connection of its own is held until disposed, so no other process can change the file
    /// meanwhile; taking it rolls back, or refuses, a journal left by a crashed writer, as any SQLite read does.
    /// </summary>
    private EventPages? OpenEventPages(long firstRowid, long lastRowid)
    {
        var transaction = OpenWorkerConnection();
        SqliteTablePages? file = null;
        try
        {
            int result = raw.sqlite3_exec(transaction, "BEGIN; SELECT count(*) FROM sqlite_master;");
            if (result != raw.SQLITE_OK)
                throw Failure(transaction, result);
            // Asked once the transaction holds the file: the table's place cannot change after.
            if (EventsRootPage() is { } root && (file = SqliteTablePages.TryOpen(Path)) is not null)
                return new EventPages(file, transaction, file.LeavesOf(root, firstRowid, lastRowid), firstRowid, lastRowid);
            transaction.Dispose();
            return null;
        }
        catch (Exception e)
        {
            file?.Dispose();
            transaction.Dispose();
            if (e is IOException or UnauthorizedAccessException)
                throw new RecordingException($"cannot read {Path}: {e.Message}", e);
            throw;
        }
    }

    /// <summary>The events table's first page when it is the ordinary rowid table with SqliteDdl's columns in their order; else null.</summary>
    private long? EventsRootPage() => Guard(Path, () => connection.QuerySingleOrDefault<long?>("""
        SELECT m.rootpage FROM sqlite_master m JOIN pragma_table_list t ON t.name = m.name AND t.schema = 'main'
        WHERE m.type = 'table' AND m.name = 'events' AND t.wr = 0 AND t.strict = 0
          AND (SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_table_info('events') ORDER BY cid))
              = 'ts_ns,process_id,tid,socket_id,direction,bytes'
        """));

    /// <summary>The last rowid whose timestamp is before <paramref name="timestampNs"/>, for rows in time order; long.MaxValue for no bound.</summary>
    private long LastRowBefore(long timestampNs) => timestampNs == long.MaxValue ? long.MaxValue : FirstRowAtOrAfter(timestampNs) - 1;

    /// <summary>
    /// A reading thread's own connection, opened without SQLite's connection mutex, which every column read would
    /// otherwise take and release (a quarter of a scan's CPU time): only that thread uses it.
    /// </summary>
    private sqlite3 OpenWorkerConnection()
    {
        int result = raw.sqlite3_open_v2(Path, out sqlite3 db, raw.SQLITE_OPEN_READONLY | raw.SQLITE_OPEN_NOMUTEX, null);
        if (result == raw.SQLITE_OK)
        {
            // As Microsoft.Data.Sqlite's commands wait (30 s) while a live recorder holds a lock.
            raw.sqlite3_busy_timeout(db, 30_000);
            SqliteUntrustedFile.Harden(db);
            return db;
        }
        var failure = Failure(db, result);
        db.Dispose();
        throw failure;
    }

    // A method, not a property: Dapper.AOT generates no code for a call inside a property's lambda.
    private bool IsInTimeOrder() => Guard(Path, () => connection.ExecuteScalar<long>("PRAGMA user_version")) == SqliteDdl.EventsInTimeOrder;

    /// <summary>Steps a statement over events in batches (ADO.NET's per-row overhead is most of the cost of a scan).</summary>
    private IEnumerable<ReadOnlyMemory<IoEvent>> ReadRows(sqlite3 on, string sql)
    {
        if (raw.sqlite3_prepare_v2(on, sql, out sqlite3_stmt statement) != raw.SQLITE_OK)
            throw Failure(on, raw.sqlite3_errcode(on));
        using (statement)
        {
            var batch = new IoEvent[4096];
            bool done = false;
            while (!done)
            {
                // A full batch may be the last: stepping a finished statement again would start it over.
                int count = ReadBatch(on, statement, batch, out done);
                if (count > 0)
                    yield return new ReadOnlyMemory<IoEvent>(batch, 0, count);
            }
        }
    }

    public long? ReadLastEventNs()
    {
        bool inTimeOrder = IsInTimeOrder();
        return Guard(Path, () => connection.ExecuteScalar<long?>(inTimeOrder
            ? "SELECT ts_ns FROM events ORDER BY rowid DESC LIMIT 1"
            : "SELECT max(ts_ns) FROM events"));
    }

    /// <summary>The first rowid whose timestamp is at or after <paramref name="timestampNs"/>, for rows in time order.</summary>
    private long FirstRowAtOrAfter(long timestampNs)
    {
        if (timestampNs == long.MinValue)
            return long.MinValue;
        return Guard(Path, () =>
        {
            var (low, high) = connection.QuerySingle<RowidRange>("SELECT min(rowid) AS Min, max(rowid) AS Max FROM events") switch
            {
                { Min: long min, Max: long max } => (min, max + 1),
                _ => (0L, 0L),
            };
            // Invariant: rows before low are earlier than timestampNs; rows from high on are not.
            while (low < high)
            {
                long middle = low + (high - low) / 2;
                long? ts = connection.ExecuteScalar<long?>(
                    "SELECT ts_ns FROM events WHERE rowid >= @middle ORDER BY rowid LIMIT 1", new { middle });
                if (ts is { } found && found < timestampNs)
                    low = middle + 1;
                else
                    high = middle;
            }
            return low;
        });
    }

    // Per row: jitted fully optimized rather than run from a published pnm's ReadyToRun code, which is slower here.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ReadBatch(sqlite3 on, sqlite3_stmt statement, IoEvent[] batch, out bool done)
    {
        int count = 0;
        done = false;
        var row = new NativeStatement(statement);
        while (count < batch.Length)
        {
            int result = row.Step();
            if (result == raw.SQLITE_DONE)
            {
                done = true;
                break;
            }
            if (result != raw.SQLITE_ROW)
                throw Failure(on, result);
            long direction = row.Int64(4);
            if (direction is not ((int)Direction.Tx or (int)Direction.Rx) || !row.IsInteger(0) || !row.IsInteger(5))
                throw new RecordingException($"{Path} is corrupt: an event row holds values that are not an event");
            batch[count++] = new IoEvent(row.Int64(0), row.Int64(1), (int)row.Int64(2), row.Int64(3), (Direction)direction, row.Int64(5));
        }
        return count;
    }

    private RecordingException Failure(sqlite3 on, int result)
    {
        string message = raw.sqlite3_errmsg(on).utf8_to_string().Split('\n')[0];
        return result is SqliteCorrupt or SqliteNotADatabase
            ? new RecordingException($"{Path} is corrupt: {message}")
            : new RecordingException($"cannot read {Path}: {message}");
    }

    private static T Guard<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
        {
            throw new RecordingException($"{path} is corrupt: {e.Message.Split('\n')[0]}", e);
        }
        catch (SqliteException e)
        {
            throw new RecordingException($"cannot read {path}: {e.Message.Split('\n')[0]}", e);
        }
        catch (Exception e) when (e is InvalidCastException or InvalidOperationException or FormatException or OverflowException or System.Data.DataException)
        {
            throw new RecordingException($"{path} is corrupt: unexpected value type ({e.Message})", e);
        }
        catch (ArgumentNullException e)
        {
            // Dapper's generated row readers refuse NULL in a column the format declares NOT NULL.
            throw new RecordingException($"{path} is corrupt: a value is missing where the format requires one", e);
        }
    }

    /// <summary>Rows sorted by their id, refused when one id appears twice (a damaged or crafted file: the id is the table's key).</summary>
    private List<T> Unique<T>(List<T> rows, Func<T, long> id, string column)
    {
        for (int i = 1; i < rows.Count; i++)
        {
            if (id(rows[i]) == id(rows[i - 1]))
                throw new RecordingException($"{Path} is corrupt: {column} {id(rows[i])} appears twice");
        }
        return rows;
    }

    public void Dispose() => connection.Dispose();

    // Rows as SQLite stores them (integers are 64-bit), converted by the callers; Dapper binds its build-time
    // generated readers to named types, not to tuples.
    internal readonly record struct InterfaceRow(long Ifindex, string Name);
    internal readonly record struct LossRow(long WindowStartNs, long Lost, long? Cpu);
    internal readonly record struct TcpIncidentRow(long TimestampNs, long SocketId, long Kind);
    internal readonly record struct RowidRange(long? Min, long? Max);
}
