using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Tests.Analyze;

/// <summary>timeline, peaks, connections and protocols against answers worked out by hand.</summary>
public sealed class AnalysisCommandsTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    [Fact]
    public void Timeline_has_every_interval_of_the_window_silent_ones_included()
    {
        var report = Analysis.Run(directory, (set, options) => Timeline.Build(set, options), new ReportOptions { Interval = TimeSpan.FromSeconds(1) },
            new TestRecording().StoppedAt(3).Process(1, 100, "a")
                .Tx(0.2, 1, socketId: 1, bytes: 10).Tx(0.7, 1, socketId: 1, bytes: 5).Rx(2.0, 1, socketId: 1, bytes: 40));

        Assert.Equal([TestRecording.StartedWallClock, TestRecording.StartedWallClock.AddSeconds(1), TestRecording.StartedWallClock.AddSeconds(2)],
            report.Column("time").Select(t => Rendering.ReportTimeOf((long)t!)));
        Assert.Equal([15L, 0L, 0L], report.Column("tx_bytes"));
        Assert.Equal([0L, 0L, 40L], report.Column("rx_bytes"));
    }

    [Fact]
    public void Timeline_rates_are_per_second_at_any_interval()
    {
        var report = Analysis.Run(directory, (set, options) => Timeline.Build(set, options), new ReportOptions { Interval = TimeSpan.FromMilliseconds(250) },
            new TestRecording().StoppedAt(1).Process(1, 100, "a").Tx(0.3, 1, socketId: 1, bytes: 100));

        Assert.Equal([0.0, 400.0, 0.0, 0.0], report.Column("tx_rate"));
    }

    [Fact]
    public void Timeline_shows_only_the_busiest_groups()
    {
        var report = Analysis.Run(directory, (set, options) => Timeline.Build(set, options, groups: 1), new ReportOptions { GroupBy = [GroupField.Comm] },
            new TestRecording().StoppedAt(1).Process(1, 100, "small").Process(2, 200, "big")
                .Tx(0.1, 1, socketId: 1, bytes: 1).Tx(0.2, 2, socketId: 2, bytes: 2));

        Assert.Equal(["big"], report.Column("comm"));
        Assert.Contains("showing the 1 busiest of 2 groups (--top)", report.Summary.Notes);
    }

    private static AnalysisReport Peaks(TemporaryDirectory directory, TestRecording recording, int count = 5) =>
        Analysis.Run(directory, (set, options) => ProcNetMon2.Analyze.Reports.Peaks.Build(set, options, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100), count),
            null, recording);

    [Fact]
    public void Peaks_find_the_busiest_windows_without_overlap_earliest_first_on_ties()
    {
        var report = Peaks(directory, new TestRecording().StoppedAt(5).Process(1, 100, "a")
            .Tx(0.95, 1, socketId: 1, bytes: 100).Tx(1.05, 1, socketId: 1, bytes: 100).Tx(3.0, 1, socketId: 1, bytes: 500));

        // 500 alone: the earliest window holding 3.0 s starts at 2.1 s. 200: 0.95 s and 1.05 s together, from 0.1 s.
        Assert.Equal([1L, 2L], report.Column("rank"));
        Assert.Equal([Seconds(2.1), Seconds(0.1)], report.Column("start"));
        Assert.Equal([Seconds(3.1), Seconds(1.1)], report.Column("end"));
        Assert.Equal([500L, 200L], report.Column("tx_bytes"));
        Assert.Equal([500.0, 200.0], report.Column("rate"));
    }

    [Fact]
    public void A_peak_window_ends_before_its_last_nanosecond()
    {
        var report = Peaks(directory, new TestRecording().StoppedAt(3).Process(1, 100, "a")
            .Event(new IoEvent(TestRecording.At(0), 1, 1, 1, Direction.Tx, 300))
            .Event(new IoEvent(TestRecording.At(1), 1, 1, 1, Direction.Tx, 200)), count: 1);

        // [0 s, 1 s) holds 300 only: the event at exactly 1 s belongs to the next window.
        Assert.Equal([300L], report.Column("tx_bytes"));
        Assert.Equal([Seconds(0)], report.Column("start"));
    }

    [Fact]
    public void Peaks_name_who_was_talking()
    {
        var report = Peaks(directory, new TestRecording().StoppedAt(2).Process(1, 100, "curl").Process(2, 200, "wget")
            .Tx(0.1, 1, socketId: 1, bytes: 2048).Tx(0.2, 2, socketId: 2, bytes: 10), count: 1);

        var talkers = Assert.IsType<PeakTalkers>(Assert.Single(report.Column("talkers")));
        Assert.Equal([new Talker("curl", 100, 2048), new Talker("wget", 200, 10)], talkers.Busiest);
        Assert.Equal(0, talkers.Others);
    }

    [Fact]
    public void Peaks_sorted_by_talkers_order_windows_by_their_busiest_talkers_bytes()
    {
        // Three separate windows: a's 500 B, then b's 900 B, then c's 100 B.
        var report = Peaks(directory, new TestRecording().StoppedAt(6).Process(1, 100, "a").Process(2, 200, "b").Process(3, 300, "c")
            .Tx(0.1, 1, socketId: 1, bytes: 500).Tx(2.1, 2, socketId: 2, bytes: 900).Tx(4.1, 3, socketId: 3, bytes: 100), count: 3);

        var sorted = new ResultShaping("talkers", Descending: true).Apply(report.Table);

        int talkers = sorted.IndexOf("talkers");
        Assert.Equal([900L, 500L, 100L], sorted.Rows.Select(row => ((PeakTalkers)row[talkers]!).Busiest[0].Bytes));
    }

    [Fact]
    public void Peaks_refuse_a_window_that_is_not_a_whole_number_of_steps() =>
        Assert.Throws<UsageException>(() => Analysis.Run(directory,
            (set, options) => ProcNetMon2.Analyze.Reports.Peaks.Build(set, options, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(300)),
            null, new TestRecording()));

    [Fact]
    public void Connections_list_every_socket_with_its_owner_bytes_and_close()
    {
        var report = Analysis.Run(directory, Connections.Build, null, new TestRecording().StoppedAt(5)
            .Process(1, 100, "curl").Process(2, 200, "dig").Process(3, 300, "telnet")
            .Socket(TrafficReportTests.Socket(1, 1) with
            {
                Role = "client", RemoteAddr = "10.0.0.1", RemotePort = 443, ConnectNs = TestRecording.At(1), CloseNs = TestRecording.At(3.5),
                CloseReason = "fin", Retransmits = 4, App = "tls", AppMethod = "payload",
            })
            .Socket(TrafficReportTests.Socket(2, 2) with { Protocol = IpProtocol.Udp, RemoteAddr = "0.0.0.0", RemotePort = 0, FirstSeenNs = TestRecording.At(2) })
            .Socket(TrafficReportTests.Socket(3, 3) with { RemoteAddr = "10.0.0.9", RemotePort = 23, ConnectNs = TestRecording.At(4), CloseNs = TestRecording.At(4.001), CloseReason = "rst" })
            .Flow(2, socketId: 2, Direction.Tx, packets: 1, bytes: 60, remoteAddr: "10.0.0.53", remotePort: 53)
            .Flow(2, socketId: 2, Direction.Tx, packets: 1, bytes: 60, remoteAddr: "10.0.0.54", remotePort: 53)
            .Tx(1.1, 1, socketId: 1, bytes: 300).Rx(1.2, 1, socketId: 1, bytes: 7000)
            .Tx(2.1, 2, socketId: 2, bytes: 32).Tx(2.2, 2, socketId: 2, bytes: 32));

        Assert.Equal(["curl", "dig", "telnet"], report.Column("comm"));
        var curl = report.Row(0);
        Assert.Equal((Seconds(1), 2.5, "10.0.0.1:443", 300L, 7000L, 4L, "fin"),
            (curl["start"], curl["duration"], curl["remote"], curl["tx_bytes"], curl["rx_bytes"], curl["retransmits"], curl["close"]));
        Assert.Equal(("2 remotes", 64L, 120L), (report.Cell(1, "remote"), report.Cell(1, "tx_bytes"), report.Cell(1, "wire_tx_bytes")));
        Assert.Equal(("rst", 0L), (report.Cell(2, "close"), report.Cell(2, "tx_bytes")));
    }

    [Fact]
    public void Connections_keep_sockets_alive_in_the_window_only()
    {
        var report = Analysis.Run(directory, Connections.Build, Analysis.Between(3, 5), new TestRecording().StoppedAt(5)
            .Process(1, 100, "a")
            .Socket(TrafficReportTests.Socket(1, 1) with { FirstSeenNs = TestRecording.At(0), LastSeenNs = TestRecording.At(1) })
            .Socket(TrafficReportTests.Socket(2, 1) with { FirstSeenNs = TestRecording.At(2), LastSeenNs = TestRecording.At(4) }));

        Assert.Equal(["127.0.0.1:40002"], report.Column("local"));
    }

    [Fact]
    public void Protocols_split_bytes_by_l4_and_l7_with_shares()
    {
        var report = Analysis.Run(directory, Protocols.Build, null, new TestRecording().StoppedAt(4)
            .Process(1, 100, "a")
            .Socket(TrafficReportTests.Socket(1, 1) with { App = "http", AppMethod = "payload" })
            .Socket(TrafficReportTests.Socket(2, 1) with { App = "http", AppMethod = "payload" })
            .Socket(TrafficReportTests.Socket(3, 1) with { Protocol = IpProtocol.Udp, App = "dns", AppMethod = "port" })
            .Tx(0.5, 1, socketId: 1, bytes: 300).Rx(2.5, 1, socketId: 2, bytes: 450).Tx(1.5, 1, socketId: 3, bytes: 250));

        Assert.Equal(["http", "dns"], report.Column("app"));
        Assert.Equal(["payload", "port"], report.Column("app_method"));
        Assert.Equal(["tcp", "udp"], report.Column("proto"));
        Assert.Equal([75.0, 25.0], report.Column("share"));
        Assert.Equal([2L, 1L], report.Column("sockets"));
        Assert.Equal([2.0, 1.0], report.Column("active_seconds"));
    }

    private static object Seconds(double afterStart) => TestRecording.At(afterStart) + new TestRecording().Info.MonotonicToWallNs;

    public void Dispose() => directory.Dispose();
}

internal static class Rendering
{
    public static DateTimeOffset ReportTimeOf(long wallNs) => ProcNetMon2.Analyze.Rendering.ReportTime.FromWallNs(wallNs);
}
