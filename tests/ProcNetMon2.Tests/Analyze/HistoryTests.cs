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

    /// <summary>
    /// Twelve seconds, a flush a second, a segment per flush: three sockets' events every second, and time series that
    /// sit on the edges of the window 3 s..7 s. Socket 1's packets went over eth0 except in 3 s..7 s (lo); the
    /// unconnected UDP socket 3 had packets only outside it.
    /// </summary>
    private static TestRecording TwelveSecondsWithEdges()
    {
        var recording = new TestRecording().StoppedAt(12).Interface(1, "lo").Interface(2, "eth0")
            .Process(TrafficReportTests.Proc(1, 100, "curl")).Process(TrafficReportTests.Proc(2, 200, "resolver"))
            .Socket(TrafficReportTests.Socket(1, 1) with { Retransmits = 4, RemoteAddr = "10.0.0.1", RemotePort = 443, LastSeenNs = TestRecording.At(12) })
            .Socket(TrafficReportTests.Socket(2, 2) with { ResetsSent = 1, RemoteAddr = "10.0.0.2", LastSeenNs = TestRecording.At(12) })
            .Socket(TrafficReportTests.Socket(3, 2) with { Protocol = IpProtocol.Udp, RemoteAddr = "", RemotePort = 0, Role = "udp", LastSeenNs = TestRecording.At(12) });
        for (int second = 0; second < 12; second++)
        {
            bool inside = second is >= 3 and < 7;
            recording.Tx(second + 0.25, 1, 1, 100).Rx(second + 0.5, 2, 2, 200).Tx(second + 0.75, 2, 3, 50)
                .Flow(second, 1, Direction.Tx, packets: 2, bytes: inside ? 1_000 : 5_000, ifindex: inside ? 1 : 2, remoteAddr: "10.0.0.1", remotePort: 443)
                .Flow(second, 2, Direction.Rx, packets: 3, bytes: 600, ifindex: 2, remoteAddr: "10.0.0.2")
                .FlushWindow(second, flowUpdatesLost: second switch { 2 => 100, 3 => 200, 6 => 400, 7 => 800, _ => 0 });
            if (!inside)
                recording.Flow(second, 3, Direction.Tx, packets: 1, bytes: 78, ifindex: 2, remoteAddr: "10.9.9.9", remotePort: 53);
        }
        return recording.Loss(0, 13).Loss(2.5, 5).Loss(6.9, 7).Loss(7, 11)
            .Incident(1, 1).Incident(3, 1).Incident(5, 2, TcpIncident.ResetSent).Incident(6.999, 1).Incident(7, 1)
            .Summarized(2.9, 1, 1, Direction.Tx, bytes: 8_000, calls: 80).Summarized(3, 1, 1, Direction.Tx, bytes: 1_000, calls: 10)
            .Summarized(6.99, 1, 1, Direction.Tx, bytes: 2_000, calls: 20).Summarized(7, 1, 1, Direction.Tx, bytes: 4_000, calls: 40);
    }

    /// <summary>The same recording three ways: rotated segments with series frames, the same with their flags cleared (as written before series frames), SQLite.</summary>
    private (string Segments, string PreSeries, string Sqlite) ThreeWays(TestRecording recording)
    {
        string run = Guid.NewGuid().ToString("N")[..8];
        string segments = directory.File($"edges-{run}.pnm"), preSeries = directory.File($"edges-{run}-pre-series.pnm"), sqlite = directory.File($"edges-{run}.db");
        using (var writer = SegmentRecordingWriter.Create(segments, new SegmentRotation { RotateBytes = 1 }))
            recording.WriteSecondBySecond(writer);
        using (var writer = SegmentRecordingWriter.Create(preSeries, new SegmentRotation { RotateBytes = 1 }))
            recording.WriteSecondBySecond(writer);
        PreSeriesLayout.ClearSeriesFlags(preSeries);
        using (var writer = ProcNetMon2.Schema.Sqlite.SqliteRecordingWriter.Create(sqlite))
            recording.WriteSecondBySecond(writer);
        return (segments, preSeries, sqlite);
    }

    [Fact]
    public void A_window_decodes_only_the_series_frames_that_reach_into_it_and_counts_what_lies_on_its_edges()
    {
        var (segments, preSeries, _) = ThreeWays(TwelveSecondsWithEdges());
        using var set = RecordingSet.Open([segments]);
        var reader = (SegmentRecordingReader)set.Recordings[0].Source;
        var options = Analysis.Between(3, 7) with { GroupBy = [GroupField.Pid, GroupField.Iface, GroupField.Remote] };

        var report = TrafficReport.Build(set, options);

        Assert.True(SegmentFormat.SegmentFiles(segments).Count >= 12);
        Assert.Equal(12, reader.SeriesFrameCount);
        // Seconds 2 (its loss at 2.5 s reaches into the window) to 6.
        Assert.Equal(5, reader.SeriesFramesDecoded);
        Assert.Equal(5 + 7, report.Summary.Losses.Lost);
        Assert.Equal(200 + 400, report.Summary.Losses.FlowUpdatesLost);
        Assert.Equal((10 + 20, 1_000 + 2_000), (report.Summary.Summarized.Calls, report.Summary.Summarized.Bytes));
        var curl = report.Row(report.Column("pid").IndexOf(100L));
        Assert.Equal(("lo", 400L + 3_000, 4 * 1_000L, 2L), ((string?)curl["iface"], (long?)curl["tx_bytes"], (long?)curl["wire_tx_bytes"], (long?)curl["retransmits"]));
        // No packets of the UDP socket in the window: its calls count as they are, with no remote.
        Assert.Contains(report.Table.Rows, row => Equals(row[report.Table.IndexOf("pid")], 200L) && row[report.Table.IndexOf("remote")] is null
            && Equals(row[report.Table.IndexOf("tx_bytes")], 4 * 50L));

        using var older = RecordingSet.Open([preSeries]);
        Assert.Equal(Rows(report), Rows(TrafficReport.Build(older, options)));
        Assert.Equal(0, ((SegmentRecordingReader)older.Recordings[0].Source).SeriesFrameCount);
    }

    [Fact]
    public void A_window_without_incidents_counts_no_retransmits_rather_than_the_sockets_whole_life_counts()
    {
        var (segments, _, _) = ThreeWays(TwelveSecondsWithEdges());
        using var set = RecordingSet.Open([segments]);

        var report = TrafficReport.Build(set, Analysis.Between(8, 12) with { GroupBy = [GroupField.Pid] });

        Assert.Equal([0L, 0L], report.Column("retransmits"));
    }

    public static TheoryData<string> WindowedCommands() =>
    [
        "report --since +3s --until +7s --format json",
        "report --group-by pid,iface,remote --since +3s --until +7s --format csv",
        "report --group-by remote,proto --since +2.5s --until +7.5s --format json",
        "report --iface lo --since +6s --format csv",
        "report --since +8s --format json",
        "report --until +3s --group-by iface --format csv",
        "connections --since +3s --until +7s --format csv",
        "connections --since +7s --format json",
        "timeline --since +3.5s --until +6.95s --interval 500ms --format csv",
        "peaks --window 1s --step 500ms --since +3s --until +7s --format csv",
        "protocols --since +3s --until +7s --format json",
        "diff --base-window +0s..+3s --new-window +3s..+7s --format json",
    ];

    [Theory]
    [MemberData(nameof(WindowedCommands))]
    public async Task A_windowed_command_over_a_history_prints_what_it_prints_when_every_series_frame_is_read(string command)
    {
        var (segments, preSeries, sqlite) = ThreeWays(TwelveSecondsWithEdges());
        string[] words = command.Split(' ');

        var fromSeries = await PnmRun.Of([words[0], segments, .. words[1..]]);
        var fromPreSeries = await PnmRun.Of([words[0], preSeries, .. words[1..]]);
        var fromSqlite = await PnmRun.Of([words[0], sqlite, .. words[1..]]);

        Assert.True(fromSeries.Code == 0, fromSeries.Error);
        Assert.True(fromSeries.Output.Length > 0 && fromSeries.Error.Length == 0, fromSeries.Error);
        Assert.Equal(fromPreSeries.Output.Replace(preSeries, segments), fromSeries.Output);
        Assert.Equal(fromSqlite.Output.Replace(sqlite, segments), fromSeries.Output);
        Assert.Equal((fromSeries.Code, fromSeries.Error), (fromPreSeries.Code, fromPreSeries.Error.Replace(preSeries, segments)));
    }

    [Fact]
    public async Task A_damaged_series_frame_is_reported_by_check_and_by_a_window_that_reaches_it_and_not_by_one_that_does_not()
    {
        var (segments, _, _) = ThreeWays(TwelveSecondsWithEdges());
        var intact = await PnmRun.Of("report", segments, "--since", "+3s", "--until", "+7s", "--format", "json");
        var ninth = SegmentFormat.SegmentFiles(segments).Select(path => SegmentFileScanner.Scan(path, _ => { })!)
            .SelectMany(scan => scan.Frames).Single(f => f.Header.IsSeries && f.Header.MinTimestampNs == TestRecording.At(9));
        using (var file = File.OpenHandle(ninth.SegmentPath, FileMode.Open, FileAccess.ReadWrite))
        {
            var first = new byte[1];
            RandomAccess.Read(file, first, ninth.Offset + FrameHeader.Size);
            first[0] ^= 0xFF;
            RandomAccess.Write(file, first, ninth.Offset + FrameHeader.Size);
        }
        string warning = $"{Path.GetFileName(ninth.SegmentPath)} at byte {ninth.Offset}: metadata block of {ninth.Header.Count} records skipped: "
            + "checksum mismatch; some losses, packet counts, statistics, incidents or summarized calls may be missing";

        var outside = await PnmRun.Of("report", segments, "--since", "+3s", "--until", "+7s", "--format", "json");
        var reaching = await PnmRun.Of("report", segments, "--since", "+8s", "--group-by", "iface", "--format", "csv");
        var check = await PnmRun.Of("check", segments);

        Assert.Equal((0, intact.Output, ""), (outside.Code, outside.Output, outside.Error));
        Assert.Equal((0, $"pnm: warning: {warning}\n"), (reaching.Code, reaching.Error));
        Assert.Equal(1, check.Code);
        Assert.Contains(warning, check.Output + check.Error);
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
