using Xunit;

namespace ProcNetMon2.IntegrationTests;

/// <summary>
/// pnm top grouped by process tree and by interface on a real capture: a parent's tree adds up to what its
/// descendants moved, loopback traffic is under lo; and a replay grouped so shows pnm report's groups.
/// </summary>
public sealed class LiveTreeAndIfaceTests
{
    [RootFact]
    public void ByTree_AParentsIntervalsAddUpToWhatItsChildrenAndTheirsSentAndReceived()
    {
        // The kernel's name filter keeps the test's own process (the parent's parent) out: the parent is its tree's root.
        using var session = RecordingSession.StartTop("trace.db", "--format", "jsonl", "--group-by", "tree", "--comm", "pnm-trafficgen");
        var (parent, descendants) = Traffic.UdpTree(children: 2, grandchildren: 2, datagrams: 100, size: 1000);
        session.Stop();

        Assert.Equal(6, descendants.Count); // two children, each with two udp-clients
        var moved = (descendants.Sum(d => d.Sent), descendants.Sum(d => d.Received));
        Assert.Equal((400_000L, 400_000L), moved);
        var intervals = LiveIntervals.Parse(session.Stdout);
        Assert.Equal(moved, intervals.BytesBy("tree_pid")[parent.Pid.ToString()]);
        Assert.DoesNotContain(intervals.Values("tree_pid"), pid => descendants.Any(d => d.Pid.ToString() == pid));
        Assert.Contains("pnm-trafficgen", intervals.BytesBy("tree_pid", "tree_comm").Keys.Select(k => k.Split('/')[1]));
        Assert.Equal(moved, PnmReport.Of(session.Path, "--group-by", "tree").BytesBy("tree_pid")[parent.Pid.ToString()]);
    }

    [RootFact]
    public void ByIface_LoopbackTrafficIsUnderLo_EveryByte()
    {
        using var server = Traffic.StartServer("tcp-server", "4", "300001", out string port);
        // Only this connection's sockets (the port filter is the kernel's), each counted from its first packet.
        using var session = RecordingSession.StartTop("trace.db", "--format", "jsonl", "--group-by", "iface", "--port", port);
        var client = Traffic.RunToEnd("tcp-client", "4", port, "2000000");
        var served = Traffic.Finish(server);
        session.Stop();

        var both = (client.Sent + served.Sent, client.Received + served.Received);
        Assert.Equal((2_300_001L, 2_300_001L), both);
        var intervals = LiveIntervals.Parse(session.Stdout);
        Assert.NotEqual(0, intervals.Count);
        Assert.All(intervals.Values("iface"), iface => Assert.Equal("lo", iface));
        Assert.Equal(both, intervals.BytesOf("iface", "lo"));
        Assert.Equal(both, PnmReport.Of(session.Path, "--group-by", "iface").BytesBy("iface")["lo"]);
    }

    [RootFact]
    public void Replay_ByTreeAndByIface_ShowsTheReportsGroupTotals()
    {
        using var link = HostVeth.Create();
        using var session = RecordingSession.Start("--comm", "pnm-trafficgen");
        var (parent, _) = Traffic.UdpTree(children: 2, grandchildren: 1, datagrams: 50, size: 700);
        Traffic.Tcp("6", 500_000, 4_321);
        link.Tcp(clientSends: 90_000, serverReplies: 30_000); // a second interface's traffic
        session.Stop();

        foreach (string[] columns in new[] { new[] { "tree_pid", "tree_comm" }, ["iface"] })
        {
            string field = columns[0] == "iface" ? "iface" : "tree";
            var (code, stdout, stderr) = ChildProcess.Run(TimeSpan.FromSeconds(60), TestPaths.Pnm,
                "top", "--replay", session.Path, "--speed", "1000", "--format", "jsonl", "--group-by", field);
            Assert.True(code == 0, $"pnm top --replay --group-by {field} failed ({code}): {stderr}");
            var report = PnmReport.Of(session.Path, "--group-by", field).BytesBy(columns);
            var replayed = LiveIntervals.Parse(stdout).BytesBy(columns);
            Assert.Equal(report.OrderBy(g => g.Key, StringComparer.Ordinal), replayed.OrderBy(g => g.Key, StringComparer.Ordinal));
            Assert.True(report.Count >= 2, $"the report by {field} has groups: {string.Join(", ", report.Keys)}"); // trees; lo and the veth
        }
        Assert.Equal((70_000L, 70_000L), PnmReport.Of(session.Path, "--group-by", "tree").BytesBy("tree_pid")[parent.Pid.ToString()]);
    }
}
