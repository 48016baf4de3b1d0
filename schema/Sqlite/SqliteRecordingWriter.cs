using Dapper;
using Microsoft.Data.Sqlite;

namespace ProcNetMon2.Schema.Sqlite;

/// <summary>
/// Writes a SQLite recording: WAL and one transaction per flush while recording; indexes and a
/// single self-contained file (journal mode DELETE) once finished. Not thread-safe.
/// </summary>
public sealed class SqliteRecordingWriter : IRecordingSink
{
    private readonly SqliteConnection connection;
    private SqliteTransaction transaction;
    private readonly SqliteCommand insertEvent;
    private readonly SqliteParameter ts, processId, tid, socketId, direction, bytes;

    private SqliteRecordingWriter(SqliteConnection connection)
    {
        this.connection = connection;
        transaction = connection.BeginTransaction();
        insertEvent = connection.CreateCommand();
        insertEvent.CommandText =
            "INSERT INTO events (ts_ns, process_id, tid, socket_id, direction, bytes) VALUES ($ts, $p, $t, $s, $d, $b)";
        ts = insertEvent.Parameters.Add("$ts", SqliteType.Integer);
        processId = insertEvent.Parameters.Add("$p", SqliteType.Integer);
        tid = insertEvent.Parameters.Add("$t", SqliteType.Integer);
        socketId = insertEvent.Parameters.Add("$s", SqliteType.Integer);
        direction = insertEvent.Parameters.Add("$d", SqliteType.Integer);
        bytes = insertEvent.Parameters.Add("$b", SqliteType.Integer);
        insertEvent.Transaction = transaction;
        insertEvent.Prepare();
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
        // Tables first, so even a copy of the main file alone is recognisable as a recording.
        connection.Execute(SqliteDdl.Tables);
        connection.Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        return new SqliteRecordingWriter(connection);
    }

    public void Begin(RecordingInfo info) =>
        connection.Execute("""
            INSERT INTO recording (format_version, pnm_version, host, kernel_release, backend, programs, filters,
                                   ring_bytes, started_ns, stopped_ns, monotonic_to_wall_ns)
            VALUES (@FormatVersion, @PnmVersion, @Host, @KernelRelease, @Backend, @Programs, @Filters,
                    @RingBytes, @StartedNs, @StoppedNs, @MonotonicToWallNs)
            """, info, transaction);

    public void UpsertProcess(ProcessRecord process) =>
        connection.Execute("""
            INSERT OR REPLACE INTO processes (process_id, pid, parent_pid, comm, exe, cmdline, uid,
                                              first_seen_ns, exec_ns, exit_ns, exit_code)
            VALUES (@ProcessId, @Pid, @ParentPid, @Comm, @Exe, @Cmdline, @Uid, @FirstSeenNs, @ExecNs, @ExitNs, @ExitCode)
            """, process, transaction);

    public void UpsertSocket(SocketRecord socket) =>
        connection.Execute("""
            INSERT OR REPLACE INTO sockets (socket_id, process_id, family, protocol, local_addr, local_port,
                                            remote_addr, remote_port, first_seen_ns, last_seen_ns)
            VALUES (@SocketId, @ProcessId, @Family, @Protocol, @LocalAddr, @LocalPort, @RemoteAddr, @RemotePort,
                    @FirstSeenNs, @LastSeenNs)
            """, socket, transaction);

    public void AddEvents(ReadOnlySpan<IoEvent> events)
    {
        foreach (ref readonly var e in events)
        {
            ts.Value = e.TimestampNs;
            processId.Value = e.ProcessId;
            tid.Value = e.Tid;
            socketId.Value = e.SocketId;
            direction.Value = (int)e.Direction;
            bytes.Value = e.Bytes;
            insertEvent.ExecuteNonQuery();
        }
    }

    public void AddLoss(LossRecord loss) =>
        connection.Execute("INSERT INTO losses (window_start_ns, lost) VALUES (@WindowStartNs, @Lost)", loss, transaction);

    public void Flush()
    {
        transaction.Commit();
        transaction.Dispose();
        transaction = connection.BeginTransaction();
        insertEvent.Transaction = transaction;
    }

    public void Finish(long stoppedNs)
    {
        connection.Execute("UPDATE recording SET stopped_ns = @stoppedNs", new { stoppedNs }, transaction);
        connection.Execute(SqliteDdl.Indexes, transaction: transaction);
        transaction.Commit();
        transaction.Dispose();
        transaction = connection.BeginTransaction();
        insertEvent.Transaction = transaction;
    }

    public void Dispose()
    {
        transaction.Commit();
        transaction.Dispose();
        insertEvent.Dispose();
        // Fold the WAL back in so a finished recording is one file.
        connection.Execute("PRAGMA journal_mode=DELETE;");
        connection.Dispose();
    }
}
