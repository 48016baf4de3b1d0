using ProcNetMon2.Analyze.Rendering;
using ProcNetMon2.Cli;
using ProcNetMon2.Cli.Commands;
using ProcNetMon2.Schema.Segments;
using ProcNetMon2.Tests.Analyze;

namespace ProcNetMon2.Tests.Cli;

/// <summary>pnm query over both formats, run in-process; segment copies go to a directory the test watches.</summary>
public sealed class QueryCommandTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();
    private readonly string temporaryCopies;

    public QueryCommandTests()
    {
        temporaryCopies = directory.File("tmp");
        Directory.CreateDirectory(temporaryCopies);
    }

    [Theory]
    [InlineData(ReportRenderers.Table)]
    [InlineData(ReportRenderers.Json)]
    [InlineData(ReportRenderers.Csv)]
    public void A_segment_recording_answers_as_its_sqlite_original_and_leaves_no_copy_behind(string format)
    {
        string db = GoldenDb();
        string pnm = AsSegments(db);

        var fromSqlite = Query(db, QueryGoldenOutputTests.PerProcessTotals, format);
        var fromSegments = Query(pnm, QueryGoldenOutputTests.PerProcessTotals, format);

        Assert.Equal((0, ""), (fromSqlite.Code, fromSqlite.Error));
        Assert.Equal((0, ""), (fromSegments.Code, fromSegments.Error));
        Assert.Equal(File.ReadAllText(GoldenFile(format)).ReplaceLineEndings("\n"), fromSegments.Output);
        Assert.Equal(fromSqlite.Output, fromSegments.Output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(temporaryCopies));
    }

    [Theory]
    [InlineData("DELETE FROM events")]
    [InlineData("INSERT INTO losses (window_start_ns, lost) VALUES (1, 2)")]
    [InlineData("UPDATE processes SET comm = 'x'")]
    [InlineData("DROP TABLE events")]
    [InlineData("CREATE TABLE mine (a)")]
    [InlineData("PRAGMA user_version = 7")]
    [InlineData("CREATE TEMP TABLE scratch AS SELECT * FROM events")]
    public void A_statement_that_writes_is_refused_and_the_recording_stays_as_it_was(string sql)
    {
        string db = GoldenDb();
        byte[] before = File.ReadAllBytes(db);

        var run = Query(db, sql);

        Assert.Equal((1, "", "pnm: query refused: the recording is opened read-only\n"), (run.Code, run.Output, run.Error));
        Assert.Equal(before, File.ReadAllBytes(db));
    }

    [Fact]
    public void Vacuum_into_a_new_file_is_refused_although_sqlite_allows_it_on_a_read_only_connection()
    {
        string db = GoldenDb();
        string target = directory.File("stolen.db");

        var run = Query(db, $"VACUUM INTO '{target}'");

        Assert.Equal((1, "pnm: query refused: the recording is opened read-only\n"), (run.Code, run.Error));
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void A_write_to_a_segment_recording_is_refused_and_its_copy_removed()
    {
        string pnm = AsSegments(GoldenDb());

        var run = Query(pnm, "DELETE FROM events");

        Assert.Equal((1, "pnm: query refused: the recording is opened read-only\n"), (run.Code, run.Error));
        Assert.Empty(Directory.EnumerateFileSystemEntries(temporaryCopies));
    }

    [Fact]
    public void A_torn_block_of_a_segment_recording_is_named_and_the_rest_answers()
    {
        string pnm = directory.File("torn.pnm");
        string segment = Path.Combine(pnm, SegmentFormat.SegmentFileName(1));
        long intactLength;
        // Never stopped, as a recorder that is killed leaves it: the copy leaves the segment open.
        string unfinished = GoldenRecording.Create().NeverStopped().WriteTo(directory.File("unfinished.db"));
        using (var source = RecordingFile.Open(unfinished))
        using (var writer = SegmentRecordingWriter.Create(pnm))
        {
            RecordingCopy.Copy(source, writer);
            writer.AddEvents(Enumerable.Range(0, 500).Select(i => new IoEvent(TestRecording.At(5) + i, 1, 1, 10, Direction.Tx, 1)).ToArray());
            writer.Flush();
            intactLength = new FileInfo(segment).Length;
        }
        // A recorder killed mid-write: the file ends 30 bytes into the block of the 500 extra events.
        File.WriteAllBytes(segment, File.ReadAllBytes(segment)[..(int)(intactLength - 30)]);

        var run = Query(pnm, "SELECT COUNT(*) AS events, SUM(bytes) AS bytes FROM events", ReportRenderers.Csv);

        Assert.Equal((0, $"events,bytes\n10,{GoldenBytes}\n"), (run.Code, run.Output));
        Assert.StartsWith("pnm: warning: segment-000001.pnms: incomplete block at byte ", run.Error);
        Assert.Single(run.Error.TrimEnd('\n').Split('\n'));
    }

    /// <summary>Every event's bytes in <see cref="GoldenRecording"/>.</summary>
    private const long GoldenBytes = 2048 + 517 + 1_572_864 + 1000 + 524_288 + 100 + 50 + 7 + 10 + 300;

    [Theory]
    [InlineData("SELEC pid FROM processes", "pnm: near \"SELEC\": syntax error\n")]
    [InlineData("SELECT no_column FROM processes", "pnm: no such column: no_column\n")]
    [InlineData("SELECT * FROM no_such_table", "pnm: no such table: no_such_table\n")]
    [InlineData("SELECT 1; SELECT 2", "pnm: the query holds more than one SQL statement: run each with its own pnm query\n")]
    [InlineData("-- only a comment", "pnm: the query holds no SQL statement\n")]
    [InlineData("SELECT abs(-9223372036854775808)", "pnm: integer overflow\n")]
    public void Sql_that_cannot_run_is_one_line_with_sqlites_reason(string sql, string error)
    {
        string pnm = AsSegments(GoldenDb());

        var run = Query(pnm, sql);

        Assert.Equal((1, "", error), (run.Code, run.Output, run.Error));
        Assert.Empty(Directory.EnumerateFileSystemEntries(temporaryCopies));
    }

    [Fact]
    public void A_trailing_semicolon_and_comment_are_fine()
    {
        var run = Query(GoldenDb(), "SELECT pid FROM processes WHERE comm = 'curl'; -- the client", ReportRenderers.Csv);

        Assert.Equal((0, "pid\n1200\n", ""), (run.Code, run.Output, run.Error));
    }

    [Fact]
    public void A_missing_recording_is_one_error_line()
    {
        string path = directory.File("missing.db");

        var run = Query(path, "SELECT 1");

        Assert.Equal((1, "", $"pnm: no such recording: {path}\n"), (run.Code, run.Output, run.Error));
    }

    [Fact]
    public void A_file_that_is_not_a_recording_is_one_error_line()
    {
        string path = directory.File("notes.txt");
        File.WriteAllText(path, "hello");

        var run = Query(path, "SELECT 1");

        Assert.Equal((1, $"pnm: {path} is not a pnm recording\n"), (run.Code, run.Error));
    }

    [Fact]
    public async Task An_empty_statement_or_unknown_format_is_a_usage_error()
    {
        string db = GoldenDb();
        var error = new StringWriter { NewLine = "\n" };

        Assert.Equal(2, await PnmCli.RunAsync(["query", db, " "], TextWriter.Null, error));
        Assert.Equal(2, await PnmCli.RunAsync(["query", db, "SELECT 1", "--format", "xml"], TextWriter.Null, error));
        Assert.Equal(2, error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.All(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.StartsWith("pnm: ", line));
    }

    [Fact]
    public async Task The_command_line_reaches_the_query()
    {
        var output = new StringWriter { NewLine = "\n" };

        int code = await PnmCli.RunAsync(["query", GoldenDb(), "SELECT comm, user_name FROM processes WHERE pid = 880", "-f", "json"],
            output, TextWriter.Null);

        Assert.Equal(0, code);
        Assert.Equal("[\n  {\n    \"comm\": \"sshd\",\n    \"user_name\": null\n  }\n]\n", output.ToString());
    }

    [Fact]
    public void Json_keeps_every_sqlite_type_apart()
    {
        var run = Query(GoldenDb(), "SELECT 42 AS i, 0.5 AS r, 'a \"b\"' AS t, NULL AS n, X'00ff' AS b, 1e999 AS inf", ReportRenderers.Json);

        Assert.Equal("""
            [
              {
                "i": 42,
                "r": 0.5,
                "t": "a \"b\"",
                "n": null,
                "b": "00ff",
                "inf": "Infinity"
              }
            ]

            """.ReplaceLineEndings("\n"), run.Output);
    }

    [Fact]
    public void The_temporary_copy_of_a_segment_recording_sums_summarized_calls_in_io()
    {
        string db = new TestRecording().Process(1, 100, "flood")
            .Socket(new SocketRecord
            {
                SocketId = 7, ProcessId = 1, Family = AddressFamily.Inet, Protocol = IpProtocol.Udp, LocalAddr = "127.0.0.1", LocalPort = 4000,
                RemoteAddr = "127.0.0.1", RemotePort = 53, FirstSeenNs = TestRecording.StartedNs, LastSeenNs = TestRecording.StartedNs,
            })
            .Tx(0.5, 1, socketId: 7, bytes: 64)
            .Summarized(1.0, 1, socketId: 7, Direction.Tx, bytes: 6400, calls: 100)
            .WriteTo(directory.File("summarized.db"));
        string pnm = AsSegments(db);
        const string totals = "SELECT SUM(bytes) AS bytes, SUM(calls) AS calls, COUNT(*) AS rows FROM io";

        var fromSqlite = Query(db, totals, ReportRenderers.Csv);
        var fromSegments = Query(pnm, totals, ReportRenderers.Csv);

        Assert.Equal((0, "bytes,calls,rows\n6464,101,2\n", ""), (fromSegments.Code, fromSegments.Output, fromSegments.Error));
        Assert.Equal(fromSqlite, fromSegments);
    }

    private string GoldenDb() => GoldenRecording.Create().WriteTo(directory.File($"golden-{Guid.NewGuid():N}.db"));

    private string AsSegments(string db)
    {
        string pnm = Path.ChangeExtension(db, ".pnm");
        using var source = RecordingFile.Open(db);
        using var sink = SegmentRecordingWriter.Create(pnm);
        RecordingCopy.Copy(source, sink);
        return pnm;
    }

    private static string GoldenFile(string format) => Path.Combine(AppContext.BaseDirectory, "Analyze", "Golden",
        format switch { ReportRenderers.Table => "query.txt", ReportRenderers.Json => "query.json", _ => "query.csv" });

    private PnmRun Query(string recording, string sql, string format = ReportRenderers.Table)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        int code = QueryCommand.Run(new QueryArgs(recording, sql, format), output, error, temporaryCopies);
        return new PnmRun(code, output.ToString(), error.ToString());
    }

    public void Dispose() => directory.Dispose();
}
