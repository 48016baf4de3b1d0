using System.Diagnostics;
using Microsoft.Data.Sqlite;
using ProcNetMon2.Cli;
using ProcNetMon2.Tests.Analyze;

namespace ProcNetMon2.Tests.Cli;

/// <summary>
/// A .db from somewhere else, crafted to make the readers run its SQL, choke on types, allocate without
/// bound or hang: every command that reads a recording answers with one line (an error, or a warning
/// and its normal output), in bounded time.
/// </summary>
public sealed class HostileSqliteRecordingTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly TemporaryDirectory directory = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        directory.Dispose();
    }

    /// <summary>Every command that opens a recording, with what it needs besides the file.</summary>
    private string[][] Readers(string path) =>
    [
        ["report", path], ["timeline", path], ["connections", path], ["protocols", path], ["peaks", path], ["check", path],
        ["diff", path, path], ["export", path, "-o", directory.File($"{Guid.NewGuid():N}.csv")],
        ["convert", path, "-o", directory.File($"{Guid.NewGuid():N}.pnm")],
    ];

    [Theory]
    [InlineData("a view in place of a table",
        "ALTER TABLE processes RENAME TO p; CREATE VIEW processes AS SELECT * FROM p WHERE abs(-9223372036854775808)",
        "processes is a view, not a table")]
    [InlineData("a virtual table in place of a table",
        "DROP TABLE interfaces; CREATE VIRTUAL TABLE interfaces USING fts5(ifindex, name)",
        "interfaces is a virtual table")]
    [InlineData("a computed column",
        "DROP TABLE interfaces; CREATE TABLE interfaces (ifindex INTEGER, raw TEXT, name TEXT GENERATED ALWAYS AS (upper(raw)) VIRTUAL)",
        "interfaces.name is a computed column")]
    [InlineData("text where a number belongs", "UPDATE processes SET pid = 'abc'", "is corrupt: unexpected value type")]
    [InlineData("text in the metadata", "UPDATE recording SET started_ns = 'yesterday'", "is corrupt: unexpected value type")]
    [InlineData("a number too large for its field", "UPDATE sockets SET local_port = 9223372036854775807", "is corrupt: unexpected value type")]
    [InlineData("a 20 MB process name", "UPDATE processes SET comm = replace(hex(zeroblob(10000000)), '00', 'xx')", "string or blob too big")]
    [InlineData("a missing table", "DROP TABLE losses", "is a SQLite database but not a pnm recording")]
    // Found by the convert fuzz target (tests/ProcNetMon2.Tests/Fuzz/findings): a key appearing twice ended in a stack trace.
    [InlineData("a socket id twice",
        "ALTER TABLE sockets RENAME TO s; CREATE TABLE sockets AS SELECT * FROM s UNION ALL SELECT * FROM s; DROP TABLE s",
        "is corrupt: socket_id ")]
    [InlineData("a process id twice",
        "ALTER TABLE processes RENAME TO p; CREATE TABLE processes AS SELECT * FROM p UNION ALL SELECT * FROM p; DROP TABLE p",
        "is corrupt: process_id ")]
    public async Task A_crafted_recording_is_refused_with_one_line(string what, string sql, string expected)
    {
        string path = Crafted(sql);

        foreach (var args in Readers(path).Where(a => a[0] != "check"))
        {
            var run = await Bounded(args);
            Assert.True(run.Code == (int)ReturnCode.Failed, $"{what}: pnm {args[0]} returned {run.Code}: {run.Error}");
            Assert.Contains(expected, PnmFailure.OneErrorLine(run.Error));
        }
    }

    [Fact]
    public async Task Triggers_are_never_run_and_named_in_one_warning()
    {
        string path = Crafted("CREATE TRIGGER wipe AFTER INSERT ON losses BEGIN DELETE FROM events; END;");

        foreach (var args in Readers(path).Where(a => a[0] is "report" or "timeline" or "export" or "convert"))
        {
            var run = await Bounded(args);
            Assert.True(run.Code == 0, $"pnm {args[0]}: {run.Error}");
            // export and convert then say what they wrote.
            Assert.Equal($"pnm: warning: {path} holds triggers pnm never writes (wipe): ignored, never run", run.Error.Split('\n')[0]);
            Assert.Single(run.Error.Split('\n'), l => l.Contains("warning"));
        }
    }

    [Theory]
    [InlineData("UPDATE recording SET started_ns = -9223372036854775807, stopped_ns = 9223372036854775807")]
    [InlineData("UPDATE events SET ts_ns = 9223372036854775807 WHERE rowid % 2 = 0")]
    [InlineData("UPDATE events SET bytes = 9223372036854775807")]
    [InlineData("UPDATE events SET bytes = -9223372036854775808, process_id = -1, socket_id = 424242")]
    [InlineData("UPDATE packet_flows SET window_start_ns = -9223372036854775808, window_end_ns = 9223372036854775807, packets = -1")]
    [InlineData("UPDATE recording SET monotonic_to_wall_ns = 9223372036854775807")]
    [InlineData("UPDATE sockets SET family = 99, protocol = -5, remote_addr = 'not an address', remote_port = 70000")]
    public async Task Absurd_values_end_in_a_result_or_one_line(string sql)
    {
        string path = Crafted(sql);

        foreach (var args in Readers(path))
        {
            var run = await Bounded(args);
            Assert.True(run.Code is 0 or (int)ReturnCode.Failed, $"pnm {args[0]} returned {run.Code}: {run.Error}");
            if (run.Code != 0)
                PnmFailure.OneErrorLine(run.Error);
            else
                Assert.DoesNotContain("   at ", run.Error);
        }
    }

    private string Crafted(string sql)
    {
        string path = GoldenRecording.Create().WriteTo(directory.File($"{Guid.NewGuid():N}.db"));
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
        return path;
    }

    private static async Task<PnmRun> Bounded(string[] args)
    {
        var clock = Stopwatch.StartNew();
        var run = await PnmRun.Of(args).WaitAsync(Bound);
        Assert.True(clock.Elapsed < Bound, $"pnm {args[0]} took {clock.Elapsed}");
        return run;
    }
}
