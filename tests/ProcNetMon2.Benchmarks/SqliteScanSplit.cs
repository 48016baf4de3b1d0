using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using ProcNetMon2.Cli;
using SQLitePCL;

namespace ProcNetMon2.Benchmarks;

/// <summary>
/// Where the time of <c>pnm report X.db</c> goes: one thread each, the same events scanned with more and more of
/// what a report does per row, then the whole report (both threads) and the same report on the segments.
/// </summary>
internal sealed partial class SqliteScanSplit(string sqlite, string? segments, int runs, string? only, TextWriter output)
{
    private const string SelectEvents = "SELECT ts_ns, process_id, tid, socket_id, direction, bytes FROM events";

    public async Task RunAsync()
    {
        var steps = new List<(string Name, Func<long> Run)>
        {
            ("sqlite alone: SELECT count(*), sum(bytes)", () => Scalar("SELECT count(*) + sum(bytes) * 0 FROM events")),
            ("sqlite step only (no column read)", () => Step(columns: 0)),
            ("step + 6 SQLitePCL.raw column reads", () => Step(columns: 6)),
            ("step + 6 column reads + 2 type checks (the reader)", () => Step(columns: 6, typeChecks: true)),
            ("step + 6 direct P/Invoke column reads", () => StepDirect(directStep: false)),
            ("direct P/Invoke step + 6 direct column reads", () => StepDirect(directStep: true)),
            ("the same on a connection opened SQLITE_OPEN_NOMUTEX", StepDirectWithoutMutex),
            ("Microsoft.Data.Sqlite SqliteDataReader", AdoNet),
            ("pnm's reader: every event, one thread (b-tree pages)", ReaderScan),
        };
        output.WriteLine($"timing split over {sqlite}: single-threaded scans of every event, then pnm report; best of {runs}");
        output.WriteLine($"{"",-52} {"wall s",7} {"cpu s",7}");
        steps.Add(("pnm report (in-process, csv) on the sqlite recording", () => Report(sqlite)));
        if (segments is not null)
            steps.Add(("pnm report (in-process, csv) on the segments", () => Report(segments)));
        foreach (var (name, run) in steps.Where(s => only is null || s.Name.Contains(only, StringComparison.OrdinalIgnoreCase)))
            output.WriteLine($"{name,-52} {Best(run)}");
        await Task.CompletedTask;
    }

    /// <summary>The best wall-clock and the best CPU time (user + system, all threads) of the runs: on a busy machine the CPU time is the steadier.</summary>
    private string Best(Func<long> run)
    {
        double wall = double.MaxValue, cpu = double.MaxValue;
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        for (int i = 0; i < runs; i++)
        {
            GC.Collect();
            self.Refresh();
            var cpuBefore = self.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            long check = run();
            wall = Math.Min(wall, clock.Elapsed.TotalSeconds);
            self.Refresh();
            cpu = Math.Min(cpu, (self.TotalProcessorTime - cpuBefore).TotalSeconds);
            GC.KeepAlive(check);
        }
        return $"{wall,7:F2} {cpu,7:F2}";
    }

    private static long Report(string path) =>
        PnmCli.RunAsync(["report", path, "--format", "csv"], TextWriter.Null, TextWriter.Null).GetAwaiter().GetResult();

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={sqlite};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }

    private long Scalar(string sql)
    {
        using var connection = Open();
        using var command = new SqliteCommand(sql, connection);
        return (long)command.ExecuteScalar()!;
    }

    private long Step(int columns, bool typeChecks = false)
    {
        using var connection = Open();
        raw.sqlite3_prepare_v2(connection.Handle, SelectEvents, out sqlite3_stmt statement);
        using (statement)
        {
            long sum = 0;
            while (raw.sqlite3_step(statement) == raw.SQLITE_ROW)
            {
                for (int c = 0; c < columns; c++)
                    sum += raw.sqlite3_column_int64(statement, c);
                if (typeChecks)
                    sum += raw.sqlite3_column_type(statement, 0) + raw.sqlite3_column_type(statement, 5);
            }
            return sum;
        }
    }

    private long StepDirect(bool directStep)
    {
        using var connection = Open();
        raw.sqlite3_prepare_v2(connection.Handle, SelectEvents, out sqlite3_stmt statement);
        using (statement)
        {
            nint handle = statement.DangerousGetHandle();
            long sum = 0;
            while ((directStep ? NativeStep(handle) : raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
                for (int c = 0; c < 6; c++)
                    sum += ColumnInt64(handle, c);
            return sum;
        }
    }

    /// <summary>A connection without SQLite's per-connection mutex, which every column read otherwise takes and releases.</summary>
    private long StepDirectWithoutMutex()
    {
        Batteries_V2.Init();
        raw.sqlite3_open_v2(sqlite, out sqlite3 db, raw.SQLITE_OPEN_READONLY | raw.SQLITE_OPEN_NOMUTEX, null);
        using (db)
        {
            raw.sqlite3_prepare_v2(db, SelectEvents, out sqlite3_stmt statement);
            using (statement)
            {
                nint handle = statement.DangerousGetHandle();
                long sum = 0;
                while (NativeStep(handle) == raw.SQLITE_ROW)
                    for (int c = 0; c < 6; c++)
                        sum += ColumnInt64(handle, c);
                return sum;
            }
        }
    }

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_step")]
    private static partial int NativeStep(nint statement);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_column_int64")]
    [SuppressGCTransition]
    private static partial long ColumnInt64(nint statement, int column);

    /// <summary>What a report's reading threads do, on one: a finished recording's events decoded from its file's pages.</summary>
    private long ReaderScan()
    {
        using var source = ProcNetMon2.Schema.RecordingFile.Open(sqlite);
        long sum = 0;
        foreach (var batch in source.ReadEventBatches(long.MinValue, long.MaxValue))
            foreach (var e in batch.Span)
                sum += e.TimestampNs + e.ProcessId + e.Tid + e.SocketId + (int)e.Direction + e.Bytes;
        return sum;
    }

    private long AdoNet()
    {
        using var connection = Open();
        using var command = new SqliteCommand(SelectEvents, connection);
        using var reader = command.ExecuteReader();
        long sum = 0;
        while (reader.Read())
            for (int c = 0; c < 6; c++)
                sum += reader.GetInt64(c);
        return sum;
    }
}
