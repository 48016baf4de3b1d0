using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Reports;
using ProcNetMon2.Schema.Segments;
using ProcNetMon2.Tests.Segments;

namespace ProcNetMon2.Tests.Analyze;

/// <summary>Time windows over long and rotated recordings: right answers, reading only what overlaps.</summary>
public sealed class HistoryTests : IDisposable
{
    private const long Second = 1_000_000_000;
    private readonly TemporaryDirectory directory = new();

    /// <summary>Ten one-second blocks in hourly-style rotated segments, 100 bytes sent per event, 1,000 events a second.</summary>
    private string TenSeconds()
    {
        string path = directory.File("history.pnm");
        using var writer = SegmentRecordingWriter.Create(path, new SegmentRotation { RotateBytes = 1 });
        writer.Begin(SegmentRoundTripTests.Info() with { StartedNs = 0 });
        writer.UpsertProcess(new ProcessRecord { ProcessId = 1, Pid = 100, Comm = "steady", FirstSeenNs = 0 });
        for (int s = 0; s < 10; s++)
        {
            writer.AddEvents(Enumerable.Range(0, 1_000).Select(i => new IoEvent(s * Second + i * 1_000_000L, 1, 1, 1, Direction.Tx, 100)).ToArray());
            writer.Flush();
        }
        writer.Finish(10 * Second);
        return path;
    }

    [Fact]
    public void A_window_decodes_only_the_blocks_that_overlap_it()
    {
        using var set = RecordingSet.Open([TenSeconds()]);
        var reader = (SegmentRecordingReader)set.Recordings[0].Source;
        Assert.True(SegmentFormat.SegmentFiles(reader.Path).Count >= 10);

        var report = TrafficReport.Build(set, Analysis.Between(3, 5));

        Assert.Equal(2_000 * 100L, report.Cell(0, "tx_bytes"));
        Assert.Equal(2, reader.BlocksDecoded);
        Assert.Equal(10, reader.BlockCount);
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    [InlineData(23)]
    public void Segments_read_in_parallel_give_the_answers_sqlite_gives(int seed)
    {
        var recording = new RandomRecording(seed, maxEvents: 40_000);
        string pnm = directory.File($"random-{seed}.pnm"), db = directory.File($"random-{seed}.db");
        using (var writer = SegmentRecordingWriter.Create(pnm))
            recording.WriteTo(writer);
        using (var writer = ProcNetMon2.Schema.Sqlite.SqliteRecordingWriter.Create(db))
            recording.WriteTo(writer);

        foreach (var groupBy in new GroupField[][] { [GroupField.Pid], [GroupField.Remote, GroupField.Proto], [GroupField.Tree, GroupField.Iface] })
        {
            using var fromSegments = RecordingSet.Open([pnm]);
            using var fromSqlite = RecordingSet.Open([db]);
            var options = new ReportOptions { GroupBy = groupBy, Interval = TimeSpan.FromMilliseconds(10) };

            Assert.Equal(Rows(TrafficReport.Build(fromSqlite, options)), Rows(TrafficReport.Build(fromSegments, options)));
        }
    }

    private static List<string> Rows(AnalysisReport report) =>
        report.Table.Rows.Select(row => string.Join('|', row.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)))).ToList();

    [Fact]
    public void Sqlite_reads_a_window_whatever_the_row_order()
    {
        var inOrder = new TestRecording().Process(1, 100, "a");
        var outOfOrder = new TestRecording().Process(1, 100, "a");
        for (int i = 0; i < 100; i++)
        {
            inOrder.Tx(i * 0.1, 1, socketId: 1, bytes: i);
            outOfOrder.Tx((99 - i) * 0.1, 1, socketId: 1, bytes: 99 - i);
        }

        foreach (var recording in new[] { inOrder, outOfOrder })
        {
            using var source = recording.Open(directory, $"{Guid.NewGuid():N}.db");
            var events = source.ReadEventBatches(TestRecording.At(2.05), TestRecording.At(4.05)).SelectMany(b => b.ToArray()).ToList();
            // Events 21 to 40 (2.1 s … 4.0 s), in time order.
            Assert.Equal(Enumerable.Range(21, 20).Select(i => (long)i), events.Select(e => e.Bytes));
        }
    }

    [Fact]
    public void A_directory_of_recordings_is_read_as_one_history()
    {
        string history = Directory.CreateDirectory(directory.File("hourly")).FullName;
        new TestRecording().StoppedAt(10).Process(1, 100, "a").Tx(1, 1, socketId: 1, bytes: 10).WriteTo(Path.Combine(history, "00.db"));
        new TestRecording().StoppedAt(10).StartingOnTheWallClockAt(TestRecording.StartedWallClock.AddHours(1))
            .Process(1, 100, "a").Tx(1, 1, socketId: 1, bytes: 20).WriteTo(Path.Combine(history, "01.db"));
        File.WriteAllText(Path.Combine(history, "NOTES.txt"), "not a recording");

        using var set = RecordingSet.Open([history]);
        var report = TrafficReport.Build(set, new ReportOptions());

        Assert.Equal(2, set.Recordings.Count);
        Assert.Equal(30L, report.Cell(0, "tx_bytes"));
        Assert.Equal(3610.0, report.Summary.Window.Seconds);
    }

    [Fact]
    public void A_directory_without_recordings_is_refused()
    {
        string empty = Directory.CreateDirectory(directory.File("empty")).FullName;

        var error = Assert.Throws<RecordingException>(() => RecordingSet.Open([empty]));

        Assert.Equal($"{empty} holds no pnm recordings", error.Message);
    }

    public void Dispose() => directory.Dispose();
}
