using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Diff;

namespace ProcNetMon2.Tests.Analyze.Diff;

/// <summary>Every metric of <see cref="DiffTestRecordings"/> computed by hand: curl sends 2000 B in 4 s, then 3000 B in 2 s.</summary>
public sealed class RecordingDiffTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    private DiffResult Diff(DiffOptions? options = null) => DiffTestRecordings.Run(directory, DiffTestRecordings.Base(), DiffTestRecordings.New(), options);

    private static void AssertChange(MetricChange change, double? before, double? after, double? delta, double? relative)
    {
        Assert.Equal(before, change.Base);
        Assert.Equal(after, change.New);
        Assert.Equal(delta, change.Delta);
        if (relative is null)
            Assert.Null(change.Relative);
        else
            Assert.Equal(relative.Value, change.Relative!.Value, 9);
    }

    [Fact]
    public void Rates_compare_sides_of_different_length_per_second()
    {
        var curl = Diff(new DiffOptions { Metrics = [DiffMetrics.All] }).Group("curl");

        Assert.Equal(GroupPresence.Matched, curl.Presence);
        AssertChange(curl.Metrics["avg_tx_rate"], 500, 1500, 1000, 200);   // 2000 B / 4 s, 3000 B / 2 s
        AssertChange(curl.Metrics["avg_rx_rate"], 0, 0, 0, 0);
        AssertChange(curl.Metrics["avg_rate"], 500, 1500, 1000, 200);
        AssertChange(curl.Metrics["wire_tx_rate"], 375, 1750, 1375, 1375.0 / 375 * 100);   // 1500 B / 4 s, 3500 B / 2 s
        AssertChange(curl.Metrics["wire_rx_rate"], 0, 0, 0, 0);
        AssertChange(curl.Metrics["peak_rate"], 1000, 3000, 2000, 200);
        AssertChange(curl.Metrics["p50_rate"], 0, 0, 0, 0);   // [0, 0, 1000, 1000] rank 2; [0, 3000] rank 1
        AssertChange(curl.Metrics["p95_rate"], 1000, 3000, 2000, 200);   // ranks 4 of 4 and 2 of 2
        AssertChange(curl.Metrics["p99_rate"], 1000, 3000, 2000, 200);
        AssertChange(curl.Metrics["sockets"], 1, 1, 0, 0);
        AssertChange(curl.Metrics["connections_per_s"], 0.25, 0.5, 0.25, 100);   // one connect in 4 s, one in 2 s
        AssertChange(curl.Metrics["retransmits_per_s"], 0.5, 0, -0.5, -100);   // 2 in 4 s, none
        AssertChange(curl.Metrics["retransmit_share"], 20, 0, -20, -100);   // 2 of 10 packets sent, 0 of 20
    }

    [Fact]
    public void Totals_compare_the_window_sums()
    {
        var curl = Diff(new DiffOptions { Totals = true, Metrics = [DiffMetrics.All] }).Group("curl");

        AssertChange(curl.Metrics["tx_bytes"], 2000, 3000, 1000, 50);
        AssertChange(curl.Metrics["rx_bytes"], 0, 0, 0, 0);
        AssertChange(curl.Metrics["total_bytes"], 2000, 3000, 1000, 50);
        AssertChange(curl.Metrics["wire_tx_bytes"], 1500, 3500, 2000, 2000.0 / 1500 * 100);
        AssertChange(curl.Metrics["connections"], 1, 1, 0, 0);
        AssertChange(curl.Metrics["retransmits"], 2, 0, -2, -100);
        AssertChange(curl.Metrics["p95_rate"], 1000, 3000, 2000, 200);
    }

    [Fact]
    public void The_rank_test_compares_the_per_interval_rates_silent_intervals_included()
    {
        var curl = Diff().Group("curl");

        // [1000, 1000, 0, 0] against [3000, 0]: p = 0.8026 (see MannWhitneyTests), not significant.
        var change = curl.Metrics["avg_rate"];
        Assert.Equal(0.8025873486341526, change.PValue!.Value, 12);
        Assert.False(change.Significant);
        Assert.Equal("~", DiffTable.ChangeText(curl.Presence, change, tested: true));
        Assert.Null(curl.Metrics["sockets"].PValue);
    }

    [Fact]
    public void Only_the_shown_metrics_and_those_conditions_name_are_tested()
    {
        Assert.Null(Diff().Group("curl").Metrics["avg_tx_rate"].PValue);
        // [1000, 1000, 0, 0] against [3000, 0] again: tx is all of curl's traffic.
        Assert.Equal(0.8025873486341526, Diff(new DiffOptions { AlsoTested = ["avg_tx_rate"] }).Group("curl").Metrics["avg_tx_rate"].PValue!.Value, 12);
    }

    [Fact]
    public void Groups_on_one_side_only_are_new_or_gone_and_count_as_zero_on_the_other()
    {
        var diff = Diff();

        var gone = diff.Group("sshd");
        Assert.Equal(GroupPresence.Gone, gone.Presence);
        AssertChange(gone.Metrics["avg_rate"], 100, null, -100, null);   // 400 B / 4 s
        Assert.Equal("gone", DiffTable.ChangeText(gone.Presence, gone.Metrics["avg_rate"], tested: true));
        var added = diff.Group("nc");
        Assert.Equal(GroupPresence.New, added.Presence);
        AssertChange(added.Metrics["avg_rate"], null, 50, 50, null);   // 100 B / 2 s
        Assert.Equal("new", DiffTable.ChangeText(added.Presence, added.Metrics["avg_rate"], tested: true));
    }

    [Fact]
    public void The_whole_is_every_group_together()
    {
        var diff = Diff();

        Assert.Equal(GroupPresence.Whole, diff.Whole.Presence);
        AssertChange(diff.Whole.Metrics["avg_rate"], 600, 1550, 950, 950.0 / 600 * 100);   // 2400 B / 4 s, 3100 B / 2 s
    }

    [Fact]
    public void Groups_are_ordered_by_the_size_of_the_first_metric_change()
    {
        Assert.Equal(["curl", "sshd", "nc"], Diff().Groups.Select(g => g.KeyText));
    }

    [Fact]
    public void A_relative_change_from_zero_is_not_a_number_and_zero_to_zero_is_no_change()
    {
        var before = new TestRecording().StoppedAt(2).Process(1, 10, "app").Socket(TrafficReportTests.Socket(1, 1)).Tx(0.5, 1, socketId: 1, bytes: 100);
        var after = new TestRecording().StoppedAt(2).Process(1, 11, "app").Socket(TrafficReportTests.Socket(1, 1) with { Retransmits = 3 }).Tx(0.5, 1, socketId: 1, bytes: 100);

        var app = DiffTestRecordings.Run(directory, before, after, new DiffOptions { Totals = true, Metrics = [DiffMetrics.All] }).Group("app");

        AssertChange(app.Metrics["retransmits"], 0, 3, 3, null);
        Assert.Equal("from 0", DiffTable.ChangeText(app.Presence, app.Metrics["retransmits"], tested: false));
        AssertChange(app.Metrics["rx_bytes"], 0, 0, 0, 0);
        Assert.Null(app.Metrics["retransmit_share"].Delta);   // no packet accounting on either side
    }

    [Fact]
    public void Trees_are_matched_by_their_root_program_not_its_pid()
    {
        var before = new TestRecording().StoppedAt(2)
            .Process(TrafficReportTests.Proc(1, 50, "bash", parent: 1)).Process(TrafficReportTests.Proc(2, 51, "curl", parent: 50))
            .Tx(0.5, 2, socketId: 1, bytes: 100);
        var after = new TestRecording().StoppedAt(2)
            .Process(TrafficReportTests.Proc(1, 70, "bash", parent: 1)).Process(TrafficReportTests.Proc(2, 71, "curl", parent: 70))
            .Process(TrafficReportTests.Proc(3, 80, "bash", parent: 1))
            .Tx(0.5, 2, socketId: 1, bytes: 300)
            .Tx(0.7, 3, socketId: 2, bytes: 50);

        var diff = DiffTestRecordings.Run(directory, before, after, new DiffOptions { GroupBy = [GroupField.Tree], Totals = true });

        Assert.Equal(["tree_comm"], diff.KeyColumns);
        var bash = Assert.Single(diff.Groups);
        Assert.Equal(GroupPresence.Matched, bash.Presence);
        AssertChange(bash.Metrics["total_bytes"], 100, 350, 250, 250);   // both new bash trees together
    }

    [Fact]
    public void Grouping_by_pid_is_allowed_with_a_warning()
    {
        var diff = Diff(new DiffOptions { GroupBy = [GroupField.Pid] });

        Assert.Contains(diff.Warnings, w => w.StartsWith("grouped by pid", StringComparison.Ordinal));
        Assert.Equal(GroupPresence.Gone, diff.Group("100,curl").Presence);
        Assert.Equal(GroupPresence.New, diff.Group("300,curl").Presence);
    }

    [Fact]
    public void Filters_apply_to_both_sides()
    {
        var diff = Diff(new DiffOptions { Filter = new TrafficFilter { Comms = ["curl"] } });

        Assert.Equal(["curl"], diff.Groups.Select(g => g.KeyText));
        Assert.True(diff.NewSinceBase.IsEmpty);
    }

    [Fact]
    public void New_since_base_lists_remotes_apps_programs_and_users_only_the_new_side_has()
    {
        var after = DiffTestRecordings.New()
            .Process(TrafficReportTests.Proc(3, 500, "dig") with { Uid = 1000, UserName = "alice" })
            .Socket(TrafficReportTests.Socket(3, 3) with { Protocol = ProcNetMon2.Schema.IpProtocol.Udp, RemoteAddr = "0.0.0.0", RemotePort = 0, App = "dns" })
            .Flow(1, socketId: 3, ProcNetMon2.Schema.Direction.Tx, packets: 1, bytes: 60, remoteAddr: "1.1.1.1", remotePort: 53)
            .Tx(1.5, 3, socketId: 3, bytes: 32);

        var found = DiffTestRecordings.Run(directory, DiffTestRecordings.Base(), after).NewSinceBase;

        Assert.Equal(["1.1.1.1:53", "10.9.9.9:4444"], found.Remotes);   // an unconnected UDP socket's peer from its packets
        Assert.Equal(["dns"], found.Apps);
        Assert.Equal(["dig", "nc"], found.Programs);
        Assert.Equal(["mallory"], found.Users);
    }

    [Fact]
    public void An_accepted_connection_is_known_by_its_remote_address_whatever_its_ephemeral_port()
    {
        var before = new TestRecording().StoppedAt(2).Process(1, 10, "nginx")
            .Socket(TrafficReportTests.Socket(1, 1) with { LocalPort = 443, RemoteAddr = "10.0.0.5", RemotePort = 50001 })
            .Rx(0.5, 1, socketId: 1, bytes: 100);
        var after = new TestRecording().StoppedAt(2).Process(1, 11, "nginx")
            .Socket(TrafficReportTests.Socket(1, 1) with { LocalPort = 443, RemoteAddr = "10.0.0.5", RemotePort = 50002 })
            .Socket(TrafficReportTests.Socket(2, 1) with { LocalPort = 443, RemoteAddr = "10.0.0.6", RemotePort = 50003 })
            .Rx(0.5, 1, socketId: 1, bytes: 100).Rx(0.6, 1, socketId: 2, bytes: 100);

        Assert.Equal(["10.0.0.6"], DiffTestRecordings.Run(directory, before, after).NewSinceBase.Remotes);
    }

    [Fact]
    public void Different_backends_kernels_filters_losses_and_crashes_are_warned_about()
    {
        var before = DiffTestRecordings.Base().RecordedWith("sock_io:tracepoint", "6.18.0").WithFilters("--port 443").Loss(1, 5);
        var after = DiffTestRecordings.New().NeverStopped();

        var warnings = DiffTestRecordings.Run(directory, before, after).Warnings;

        Assert.Contains("the sides were recorded with different backends (base: sock_io:tracepoint; new: fentry): they may not see the same traffic", warnings);
        Assert.Contains("the sides were recorded with different kernels (base: 6.18.0; new: 6.8.0-test): they may not see the same traffic", warnings);
        Assert.Contains("the sides were recorded with different capture filters (base: --port 443; new: none): they may not see the same traffic", warnings);
        Assert.Contains("base lost 5 events in its window: its numbers are lower bounds and the deltas are not exact", warnings);
        Assert.Contains(warnings, w => w.StartsWith("new recording ", StringComparison.Ordinal) && w.EndsWith("was not stopped cleanly (a crash?): it is read up to its last event", StringComparison.Ordinal));
        Assert.Equal(5, warnings.Count);
    }

    [Fact]
    public void Like_sides_have_no_warnings()
    {
        Assert.Empty(Diff().Warnings);
    }

    [Fact]
    public void Two_windows_of_one_recording_compare_like_two_recordings()
    {
        var recording = new TestRecording().StoppedAt(4).Process(1, 10, "app")
            .Tx(0.5, 1, socketId: 1, bytes: 100).Tx(1.5, 1, socketId: 1, bytes: 100)
            .Tx(2.5, 1, socketId: 1, bytes: 400).Tx(3.5, 1, socketId: 1, bytes: 400);
        using var set = RecordingSet.Open([recording.WriteTo(directory.File("one.db"))]);

        var diff = RecordingDiff.Build(
            new DiffSideInput(set, Until: new TimeBound.AfterStart(TimeSpan.FromSeconds(2))),
            new DiffSideInput(set, Since: new TimeBound.AfterStart(TimeSpan.FromSeconds(2))),
            new DiffOptions());

        AssertChange(diff.Group("app").Metrics["avg_rate"], 100, 400, 300, 300);
    }

    public void Dispose() => directory.Dispose();
}
