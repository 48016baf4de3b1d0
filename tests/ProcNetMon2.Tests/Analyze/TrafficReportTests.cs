using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Tests.Analyze;

public sealed class TrafficReportTests : IDisposable
{
    private const long Second = TestRecording.NanosecondsPerSecond;
    private readonly TemporaryDirectory directory = new();

    private AnalysisReport Report(TestRecording recording, ReportOptions? options = null) => Analysis.Report(directory, recording, options);

    [Fact]
    public void Totals_and_averages_are_over_the_whole_span()
    {
        var report = Report(new TestRecording().StoppedAt(4)
            .Process(1, 100, "curl")
            .Tx(0.1, 1, socketId: 7, bytes: 1000)
            .Rx(1.0, 1, socketId: 7, bytes: 400)
            .Tx(2.5, 1, socketId: 7, bytes: 3000));

        var row = Assert.Single(report.Table.Rows) is var _ ? report.Row(0) : null!;
        Assert.Equal(100L, row["pid"]);
        Assert.Equal("curl", row["comm"]);
        Assert.Equal(4000L, row["tx_bytes"]);
        Assert.Equal(400L, row["rx_bytes"]);
        Assert.Equal(4400L, row["total_bytes"]);
        Assert.Equal(1000.0, row["avg_tx_rate"]);
        Assert.Equal(100.0, row["avg_rx_rate"]);
        Assert.Equal(3000.0, row["peak_tx_rate"]);
        Assert.Equal(400.0, row["peak_rx_rate"]);
        Assert.Equal(1L, row["sockets"]);
        Assert.Null(row["wire_tx_bytes"]);
    }

    [Fact]
    public void An_event_exactly_one_second_after_the_start_opens_the_second_interval()
    {
        var report = Report(new TestRecording()
            .Process(1, 100, "sender")
            .Event(Tx(TestRecording.StartedNs, bytes: 50))
            .Event(Tx(TestRecording.StartedNs + Second - 1, bytes: 100))
            .Event(Tx(TestRecording.StartedNs + Second, bytes: 120))
            .Event(Tx(TestRecording.StartedNs + 2 * Second - 1, bytes: 10)));

        // Interval 0 holds 50 + 100 = 150, interval 1 holds 120 + 10 = 130.
        Assert.Equal(150.0, report.Cell(0, "peak_tx_rate"));
    }

    [Fact]
    public void The_last_nanosecond_of_an_interval_still_belongs_to_it()
    {
        var report = Report(new TestRecording()
            .Process(1, 100, "sender")
            .Event(Tx(TestRecording.StartedNs + 999_999_999, bytes: 100))
            .Event(Tx(TestRecording.StartedNs + 1_000_000_000, bytes: 200))
            .Event(Tx(TestRecording.StartedNs + 1_999_999_999, bytes: 1)));

        // 100 alone in interval 0; 200 + 1 in interval 1. An interval straddling the boundary would give 300.
        Assert.Equal(201.0, report.Cell(0, "peak_tx_rate"));
    }

    [Fact]
    public void Peak_rates_are_per_second_whatever_the_interval()
    {
        var report = Report(new TestRecording()
            .Process(1, 100, "sender")
            .Tx(0.1, 1, socketId: 1, bytes: 100)
            .Tx(0.6, 1, socketId: 1, bytes: 300),
            new ReportOptions { Interval = TimeSpan.FromMilliseconds(500) });

        // 300 bytes in the half second from 0.5 s: 600 bytes/s.
        Assert.Equal(600.0, report.Cell(0, "peak_tx_rate"));
    }

    [Fact]
    public void Peaks_are_kept_per_direction()
    {
        var report = Report(new TestRecording()
            .Process(1, 100, "both")
            .Tx(0.1, 1, socketId: 1, bytes: 10)
            .Rx(0.2, 1, socketId: 1, bytes: 500)
            .Tx(3.1, 1, socketId: 1, bytes: 70)
            .Tx(3.2, 1, socketId: 1, bytes: 5)
            .Rx(3.3, 1, socketId: 1, bytes: 20));

        Assert.Equal(75.0, report.Cell(0, "peak_tx_rate"));
        Assert.Equal(500.0, report.Cell(0, "peak_rx_rate"));
    }

    [Fact]
    public void Percentiles_are_nearest_rank_over_every_interval()
    {
        // 20 one-second intervals holding 10, 20, …, 200 bytes (sent in reverse order of size).
        var recording = new TestRecording().StoppedAt(20).Process(1, 100, "steady");
        for (int i = 0; i < 20; i++)
            recording.Tx(i + 0.5, 1, socketId: 1, bytes: 10 * (20 - i));

        var row = Report(recording).Row(0);

        // Rank ⌈0.5·20⌉ = 10 → 100; ⌈0.95·20⌉ = 19 → 190; ⌈0.99·20⌉ = 20 → 200.
        Assert.Equal(100.0, row["p50_rate"]);
        Assert.Equal(190.0, row["p95_rate"]);
        Assert.Equal(200.0, row["p99_rate"]);
    }

    [Fact]
    public void Silent_intervals_count_as_zero_in_percentiles()
    {
        var row = Report(new TestRecording().StoppedAt(10)
            .Process(1, 100, "bursty")
            .Tx(2.5, 1, socketId: 1, bytes: 500)
            .Rx(7.5, 1, socketId: 1, bytes: 100)).Row(0);

        // Ten intervals: eight silent, then 100 and 500. Rank 5 → 0; rank 10 → 500.
        Assert.Equal(0.0, row["p50_rate"]);
        Assert.Equal(500.0, row["p95_rate"]);
        Assert.Equal(500.0, row["p99_rate"]);
    }

    [Fact]
    public void Rows_are_sorted_by_total_bytes_then_by_pid()
    {
        var report = Report(new TestRecording()
            .Process(1, 300, "small").Process(2, 200, "tie-high-pid").Process(3, 100, "tie-low-pid").Process(4, 400, "big")
            .Tx(0.1, 1, socketId: 1, bytes: 10)
            .Rx(0.2, 2, socketId: 2, bytes: 500)
            .Tx(0.3, 3, socketId: 3, bytes: 200)
            .Rx(0.4, 3, socketId: 3, bytes: 300)
            .Tx(0.5, 4, socketId: 4, bytes: 9000));

        Assert.Equal(["big", "tie-low-pid", "tie-high-pid", "small"], report.Column("comm"));
    }

    [Fact]
    public void Sockets_counts_each_distinct_socket_the_group_used()
    {
        var report = Report(new TestRecording()
            .Process(1, 100, "multi").Process(2, 200, "other")
            .Tx(0.1, 1, socketId: 1, bytes: 1)
            .Rx(0.2, 1, socketId: 2, bytes: 1)
            .Tx(0.3, 1, socketId: 1, bytes: 1)
            .Tx(0.4, 1, socketId: 3, bytes: 1)
            .Tx(0.5, 2, socketId: 3, bytes: 1));

        Assert.Equal([3L, 1L], report.Column("sockets"));
    }

    [Fact]
    public void Each_program_image_of_one_pid_gets_its_own_row()
    {
        var report = Report(new TestRecording()
            .Process(1, 100, "sh").Process(2, 100, "wget")
            .Tx(0.1, 1, socketId: 1, bytes: 10)
            .Tx(0.5, 2, socketId: 2, bytes: 90));

        Assert.Equal(["wget", "sh"], report.Column("comm"));
        Assert.Equal([100L, 100L], report.Column("pid"));
    }

    [Fact]
    public void Events_of_a_process_the_recording_has_no_details_of_are_still_counted()
    {
        var report = Report(new TestRecording().Tx(0.1, processId: 9, socketId: 1, bytes: 10));

        Assert.Null(report.Cell(0, "pid"));
        Assert.Null(report.Cell(0, "comm"));
        Assert.Equal(10L, report.Cell(0, "tx_bytes"));
    }

    [Fact]
    public void Processes_without_traffic_are_left_out() =>
        Assert.Empty(Report(new TestRecording().Process(1, 100, "idle")).Table.Rows);

    [Fact]
    public void A_stopped_recording_spans_to_its_stop_time_even_past_the_last_event()
    {
        var report = Report(new TestRecording().StoppedAt(10).Process(1, 100, "a").Tx(2, 1, socketId: 1, bytes: 5000));

        Assert.Equal(10.0, report.Summary.Window.Seconds);
        Assert.True(Assert.Single(report.Summary.Recordings).Complete);
        Assert.Equal(500.0, report.Cell(0, "avg_tx_rate"));
    }

    [Fact]
    public void A_recording_that_was_never_stopped_spans_to_its_last_event()
    {
        var report = Report(new TestRecording().NeverStopped()
            .Process(1, 100, "a")
            .Tx(0.5, 1, socketId: 1, bytes: 1000)
            .Rx(2.5, 1, socketId: 1, bytes: 250));

        Assert.False(Assert.Single(report.Summary.Recordings).Complete);
        Assert.Equal(2.5, report.Summary.Window.Seconds);
        Assert.Equal(400.0, report.Cell(0, "avg_tx_rate"));
        Assert.Equal(100.0, report.Cell(0, "avg_rx_rate"));
    }

    [Fact]
    public void A_zero_length_span_gives_zero_averages_but_real_peaks()
    {
        var report = Report(new TestRecording().StoppedAt(0)
            .Process(1, 100, "burst")
            .Event(Tx(TestRecording.StartedNs, bytes: 700))
            .Event(Tx(TestRecording.StartedNs, bytes: 300)));

        Assert.Equal(0.0, report.Summary.Window.Seconds);
        Assert.Equal(1000L, report.Cell(0, "tx_bytes"));
        Assert.Equal(0.0, report.Cell(0, "avg_tx_rate"));
        Assert.Equal(1000.0, report.Cell(0, "peak_tx_rate"));
    }

    [Fact]
    public void Wire_bytes_and_retransmits_come_from_the_sockets_owner()
    {
        var report = Report(new TestRecording()
            .Process(1, 100, "client").Process(2, 101, "child")
            .Socket(Socket(5, processId: 1) with { Retransmits = 3 })
            .Tx(0.1, 1, socketId: 5, bytes: 1000)
            .Tx(0.2, 2, socketId: 5, bytes: 10)
            .Flow(0, socketId: 5, Direction.Tx, packets: 2, bytes: 1104)
            .Flow(1, socketId: 5, Direction.Rx, packets: 2, bytes: 104));

        var client = report.Row(0);
        Assert.Equal((1104L, 104L, 3L), (client["wire_tx_bytes"], client["wire_rx_bytes"], client["retransmits"]));
        var child = report.Row(1);
        Assert.Equal((10L, null, 0L), (child["tx_bytes"], child["wire_tx_bytes"], child["retransmits"]));
    }

    [Fact]
    public void Tree_groups_a_process_with_its_descendants_across_fork_and_exec()
    {
        var report = Report(new TestRecording()
            .Process(Proc(1, 500, "bash", parent: 1))
            .Process(Proc(2, 501, "bash", parent: 500) with { ForkNs = TestRecording.At(1) })
            .Process(Proc(3, 501, "curl", parent: 500, at: 1.1) with { ExecNs = TestRecording.At(1.1) })
            .Process(Proc(4, 502, "sh", parent: 501, at: 2) with { ForkNs = TestRecording.At(2) })
            .Process(Proc(5, 600, "sshd", parent: 1))
            .Tx(0.5, 1, socketId: 1, bytes: 10)
            .Tx(1.5, 3, socketId: 2, bytes: 100)
            .Tx(2.5, 4, socketId: 3, bytes: 1000)
            .Tx(3.0, 5, socketId: 4, bytes: 7),
            new ReportOptions { GroupBy = [GroupField.Tree] });

        Assert.Equal([500L, 600L], report.Column("tree_pid"));
        Assert.Equal(["bash", "sshd"], report.Column("tree_comm"));
        Assert.Equal([1110L, 7L], report.Column("total_bytes"));
        Assert.Equal([3L, 1L], report.Column("sockets"));
    }

    [Fact]
    public void A_reused_pid_is_not_taken_for_the_parent_of_a_later_process()
    {
        var report = Report(new TestRecording()
            .Process(Proc(1, 700, "old", parent: 1) with { ExitNs = TestRecording.At(1) })
            .Process(Proc(2, 700, "new", parent: 1, at: 2))
            .Process(Proc(3, 701, "kid", parent: 700, at: 3) with { ForkNs = TestRecording.At(3) })
            .Tx(3.5, 3, socketId: 1, bytes: 5),
            new ReportOptions { GroupBy = [GroupField.Tree] });

        Assert.Equal("new", report.Cell(0, "tree_comm"));
    }

    [Fact]
    public void User_and_container_group_processes_together()
    {
        var recording = new TestRecording()
            .Process(Proc(1, 10, "a") with { Uid = 0, Container = "c0ffee" })
            .Process(Proc(2, 11, "b") with { Uid = 1000, Container = "c0ffee" })
            .Process(Proc(3, 12, "c") with { Uid = 0 })
            .Tx(0.1, 1, socketId: 1, bytes: 1).Tx(0.2, 2, socketId: 2, bytes: 20).Tx(0.3, 3, socketId: 3, bytes: 300);

        var byUser = Report(recording, new ReportOptions { GroupBy = [GroupField.User] });
        var byContainer = Report(recording, new ReportOptions { GroupBy = [GroupField.Container] });

        Assert.Equal([("0", 301L), ("1000", 20L)], byUser.Column("user").Zip(byUser.Column("total_bytes"), (u, b) => ((string?)u, (long?)b)).Select(p => (p.Item1!, p.Item2!.Value)));
        Assert.Equal([null, "c0ffee"], byContainer.Column("container"));
        Assert.Equal([300L, 21L], byContainer.Column("total_bytes"));
    }

    [Fact]
    public void A_user_shows_as_the_name_the_recording_host_had_else_as_the_uid()
    {
        var recording = new TestRecording()
            .Process(Proc(1, 10, "a") with { Uid = 1000, UserName = "alice" })
            .Process(Proc(2, 11, "b") with { Uid = 1000, UserName = "alice" })
            .Process(Proc(3, 12, "c") with { Uid = 1001 })
            .Tx(0.1, 1, socketId: 1, bytes: 1).Tx(0.2, 2, socketId: 2, bytes: 20).Tx(0.3, 3, socketId: 3, bytes: 300);

        var byUser = Report(recording, new ReportOptions { GroupBy = [GroupField.User] });
        var aliceByName = Report(recording, new ReportOptions { Filter = new TrafficFilter { Users = ["alice"] } });
        var aliceByUid = Report(recording, new ReportOptions { Filter = new TrafficFilter { Users = ["1000"] } });

        Assert.Equal(["1001", "alice"], byUser.Column("user"));
        Assert.Equal([300L, 21L], byUser.Column("total_bytes"));
        Assert.Equal(["b", "a"], aliceByName.Column("comm"));
        Assert.Equal(["b", "a"], aliceByUid.Column("comm"));
    }

    [Fact]
    public void Several_fields_make_one_group_per_combination()
    {
        var report = Report(new TestRecording()
            .Process(1, 10, "curl").Process(2, 11, "curl")
            .Socket(Socket(1, 1) with { RemotePort = 443 }).Socket(Socket(2, 2) with { RemotePort = 443 }).Socket(Socket(3, 2) with { RemotePort = 80 })
            .Tx(0.1, 1, socketId: 1, bytes: 1).Tx(0.2, 2, socketId: 2, bytes: 2).Tx(0.3, 2, socketId: 3, bytes: 4),
            new ReportOptions { GroupBy = [GroupField.Comm, GroupField.RemotePort] });

        Assert.Equal(["comm", "remote_port"], report.Table.Columns.Take(2).Select(c => c.Name));
        Assert.Equal([80L, 443L], report.Column("remote_port"));
        Assert.Equal([4L, 3L], report.Column("total_bytes"));
    }

    [Fact]
    public void An_unconnected_udp_sockets_payload_is_split_by_peer_from_its_packets()
    {
        var recording = new TestRecording().StoppedAt(2)
            .Process(1, 100, "resolver")
            .Socket(Socket(1, 1) with { Protocol = IpProtocol.Udp, RemoteAddr = "0.0.0.0", RemotePort = 0 })
            .Tx(0.1, 1, socketId: 1, bytes: 64).Tx(0.2, 1, socketId: 1, bytes: 64).Tx(0.3, 1, socketId: 1, bytes: 64)
            .Tx(0.4, 1, socketId: 1, bytes: 64).Tx(0.5, 1, socketId: 1, bytes: 64)
            // Three datagrams to one peer, two to another: 64 bytes of payload + 28 of IPv4 and UDP headers each.
            .Flow(0, socketId: 1, Direction.Tx, packets: 3, bytes: 3 * 92, remoteAddr: "10.0.0.1", remotePort: 53)
            .Flow(0, socketId: 1, Direction.Tx, packets: 2, bytes: 2 * 92, remoteAddr: "10.0.0.2", remotePort: 5353);

        var byRemote = Report(recording, new ReportOptions { GroupBy = [GroupField.Remote, GroupField.RemotePort] });
        var oneRemote = Report(recording, new ReportOptions { Filter = new TrafficFilter { Remotes = [System.Net.IPNetwork.Parse("10.0.0.2/32")] } });
        var byProcess = Report(recording);

        Assert.Equal(["10.0.0.1", "10.0.0.2"], byRemote.Column("remote"));
        Assert.Equal([53L, 5353L], byRemote.Column("remote_port"));
        Assert.Equal([192L, 128L], byRemote.Column("tx_bytes"));
        Assert.Equal([276L, 184L], byRemote.Column("wire_tx_bytes"));
        Assert.Equal([5L, 5L], new[] { byRemote.Summary.Events, byProcess.Summary.Events });
        Assert.Equal([128L], oneRemote.Column("tx_bytes"));
        Assert.Equal([320L], byProcess.Column("tx_bytes"));
    }

    private static TestRecording Mixed() => new TestRecording().StoppedAt(4)
        .Process(Proc(1, 10, "curl") with { Uid = 1000, Container = "abcdef123456" })
        .Process(Proc(2, 20, "dig") with { Uid = 0 })
        .Socket(Socket(1, 1) with { RemoteAddr = "93.184.216.34", RemotePort = 443, App = "tls", LocalPort = 40000 })
        .Socket(Socket(2, 2) with { Protocol = IpProtocol.Udp, RemoteAddr = "10.0.0.53", RemotePort = 53, App = "dns", LocalPort = 50000 })
        .Interface(1, "lo").Interface(2, "eth0")
        .Flow(0, socketId: 1, Direction.Tx, packets: 1, bytes: 60, ifindex: 2)
        .Flow(0, socketId: 2, Direction.Tx, packets: 1, bytes: 60, ifindex: 1)
        .Tx(0.5, 1, socketId: 1, bytes: 1000)
        .Tx(1.5, 2, socketId: 2, bytes: 40);

    [Theory]
    [InlineData("pid", "10", "curl")]
    [InlineData("comm", "dig", "dig")]
    [InlineData("user", "1000", "curl")]
    [InlineData("user", "0", "dig")]
    [InlineData("container", "abcdef", "curl")]
    [InlineData("proto", "udp", "dig")]
    [InlineData("app", "tls", "curl")]
    [InlineData("port", "53", "dig")]
    [InlineData("port", "40000", "curl")]
    [InlineData("remote", "93.184.0.0/16", "curl")]
    [InlineData("remote", "10.0.0.53/32", "dig")]
    [InlineData("iface", "eth0", "curl")]
    public void Each_filter_keeps_only_matching_traffic(string filter, string value, string kept)
    {
        var options = new ReportOptions
        {
            Filter = filter switch
            {
                "pid" => new TrafficFilter { Pids = [int.Parse(value)] },
                "comm" => new TrafficFilter { Comms = [value] },
                "user" => new TrafficFilter { Users = [value] },
                "container" => new TrafficFilter { Containers = [value] },
                "proto" => new TrafficFilter { Protos = [value] },
                "app" => new TrafficFilter { Apps = [value] },
                "port" => new TrafficFilter { Ports = [int.Parse(value)] },
                "remote" => new TrafficFilter { Remotes = [System.Net.IPNetwork.Parse(value)] },
                "iface" => new TrafficFilter { Ifaces = [value] },
                _ => throw new ArgumentOutOfRangeException(nameof(filter)),
            },
        };

        var report = Report(Mixed(), options);

        Assert.Equal([kept], report.Column("comm"));
    }

    [Fact]
    public void Filters_of_different_kinds_must_all_match()
    {
        var report = Report(Mixed(), new ReportOptions { Filter = new TrafficFilter { Comms = ["curl", "dig"], Protos = ["udp"] } });

        Assert.Equal(["dig"], report.Column("comm"));
    }

    [Fact]
    public void A_window_keeps_its_events_and_averages_over_its_length()
    {
        var report = Report(new TestRecording().StoppedAt(10)
            .Process(1, 100, "a")
            .Tx(0.5, 1, socketId: 1, bytes: 1)
            .Event(Tx(TestRecording.At(2), bytes: 10))
            .Tx(3.9, 1, socketId: 1, bytes: 100)
            .Event(Tx(TestRecording.At(4), bytes: 1000)),
            Analysis.Between(2, 4));

        Assert.Equal(110L, report.Cell(0, "tx_bytes"));
        Assert.Equal(55.0, report.Cell(0, "avg_tx_rate"));
        Assert.Equal(2L, report.Summary.Events);
        Assert.Equal(2.0, report.Summary.Window.Seconds);
    }

    [Fact]
    public void A_window_before_the_end_counts_back_from_the_end()
    {
        var report = Report(new TestRecording().StoppedAt(10)
            .Process(1, 100, "a")
            .Tx(7.9, 1, socketId: 1, bytes: 1)
            .Tx(8.0, 1, socketId: 1, bytes: 10)
            .Tx(9.9, 1, socketId: 1, bytes: 100),
            new ReportOptions { Since = new TimeBound.BeforeEnd(TimeSpan.FromSeconds(2)) });

        Assert.Equal(110L, report.Cell(0, "tx_bytes"));
    }

    [Fact]
    public void A_window_can_span_two_recordings_from_different_boots()
    {
        var first = new TestRecording().StoppedAt(10).Process(1, 100, "a")
            .Tx(1, 1, socketId: 1, bytes: 1).Tx(9, 1, socketId: 1, bytes: 10);
        // Booted again an hour later: the same monotonic times, another wall clock.
        var second = new TestRecording().StoppedAt(10).StartingOnTheWallClockAt(TestRecording.StartedWallClock.AddHours(1)).Process(1, 100, "a")
            .Tx(1, 1, socketId: 1, bytes: 100).Tx(9, 1, socketId: 1, bytes: 1000);
        var options = new ReportOptions
        {
            Since = new TimeBound.Absolute(TestRecording.StartedWallClock.AddSeconds(5)),
            Until = new TimeBound.Absolute(TestRecording.StartedWallClock.AddHours(1).AddSeconds(5)),
        };

        var report = Analysis.Run(directory, TrafficReport.Build, options, first, second);

        Assert.Equal(2, report.Summary.Recordings.Count);
        Assert.Equal(110L, report.Cell(0, "tx_bytes"));
        Assert.Equal(2L, report.Summary.Events);
    }

    [Fact]
    public void Losses_inside_the_window_make_totals_lower_bounds()
    {
        var recording = new TestRecording().StoppedAt(10).Process(1, 100, "a").Tx(1, 1, socketId: 1, bytes: 1)
            .Loss(1, 5).Loss(6, 7);

        var whole = Report(recording).Summary.Losses;
        var early = Report(recording, Analysis.Between(0, 3)).Summary.Losses;
        var quiet = Report(recording, Analysis.Between(2, 5)).Summary.Losses;

        Assert.Equal((12L, 2), (whole.Lost, whole.Windows.Count));
        Assert.Equal((5L, 1), (early.Lost, early.Windows.Count));
        Assert.Equal(0L, quiet.Lost);
    }

    private static IoEvent Tx(long timestampNs, long bytes) => new(timestampNs, ProcessId: 1, Tid: 1, SocketId: 1, Direction.Tx, bytes);

    internal static ProcessRecord Proc(long processId, int pid, string comm, int? parent = null, double at = 0) => new()
    {
        ProcessId = processId,
        Pid = pid,
        ParentPid = parent,
        Comm = comm,
        FirstSeenNs = TestRecording.At(at),
    };

    internal static SocketRecord Socket(long socketId, long processId) => new()
    {
        SocketId = socketId,
        ProcessId = processId,
        Family = AddressFamily.Inet,
        Protocol = IpProtocol.Tcp,
        LocalAddr = "127.0.0.1",
        LocalPort = 40000 + (int)socketId,
        RemoteAddr = "127.0.0.1",
        RemotePort = 80,
        FirstSeenNs = TestRecording.At(0),
        LastSeenNs = TestRecording.At(1),
    };

    public void Dispose() => directory.Dispose();
}
