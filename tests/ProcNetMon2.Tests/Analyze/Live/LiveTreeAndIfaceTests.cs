using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Live;
using ProcNetMon2.Analyze.Reports;
using ProcNetMon2.Tests.Analyze;
using static ProcNetMon2.Tests.Analyze.TrafficReportTests;

namespace ProcNetMon2.Tests.Analyze.Live;

/// <summary>Live grouping by process tree and by interface: pnm report's meaning, from what has arrived so far.</summary>
public sealed class LiveTreeAndIfaceTests : IDisposable
{
    private static readonly RecordingInfo Info = new TestRecording().Info;
    private readonly TemporaryDirectory directory = new();
    private readonly List<LiveSnapshot> snapshots = [];
    private long now = TestRecording.StartedNs;

    [Fact]
    public void ByTree_AParentAndItsChildren_AreOneGroupUnderTheRoot_EvenOnceTheParentIsForgotten()
    {
        var live = Live();
        live.UpsertProcess(Proc(1, 500, "bash", parent: 1));
        live.UpsertProcess(Proc(2, 501, "bash", parent: 500, at: 0.1) with { ForkNs = TestRecording.At(0.1) });
        live.UpsertProcess(Proc(3, 501, "curl", parent: 500, at: 0.2) with { ExecNs = TestRecording.At(0.2) });
        live.UpsertProcess(Proc(4, 502, "sh", parent: 501, at: 0.3) with { ForkNs = TestRecording.At(0.3) });
        live.UpsertProcess(Proc(5, 600, "sshd", parent: 1));
        live.AddEvents([Io(0.5, 3, 1, Direction.Tx, 100), Io(0.6, 4, 2, Direction.Rx, 1000), Io(0.7, 5, 3, Direction.Tx, 7)]);
        FlushAt(1, live);

        var byTree = Rows(new LiveGroups([GroupField.Tree]), snapshots[^1]);
        Assert.Equal(["tree_pid", "tree_comm"], new LiveGroups([GroupField.Tree]).Columns);
        Assert.Equal(new ByteCounts(100, 1000), byTree[(500L, "bash")].Interval);
        Assert.Equal(new ByteCounts(7, 0), byTree[(600L, "sshd")].Interval);
        Assert.Equal(2, byTree.Count);

        // The parent exits and, idle, is forgotten; its children go on under its name.
        live.UpsertProcess(Proc(1, 500, "bash", parent: 1) with { ExitNs = TestRecording.At(2) });
        FlushAt(64, live);
        live.UpsertProcess(Proc(6, 503, "wget", parent: 501, at: 70) with { ForkNs = TestRecording.At(70) });
        live.AddEvents([Io(70.5, 3, 1, Direction.Tx, 5), Io(70.6, 6, 4, Direction.Tx, 50)]);
        FlushAt(71, live);

        var later = Rows(new LiveGroups([GroupField.Tree]), snapshots[^1]);
        Assert.Equal(new ByteCounts(55, 0), later[(500L, "bash")].Interval);
        Assert.Equal(new ByteCounts(155, 1000), later[(500L, "bash")].Total);
    }

    [Fact]
    public void ByTree_AParentFirstSeenAfterItsChild_TakesItIn_AsTheReportDoes()
    {
        var live = Live();
        live.UpsertProcess(Proc(1, 701, "worker", parent: 700, at: 0.1));
        live.AddEvents([Io(0.5, 1, 1, Direction.Tx, 10)]);
        FlushAt(1, live);
        Assert.Equal(((long?)701, (string?)"worker"), Assert.Single(Rows(new LiveGroups([GroupField.Tree]), snapshots[^1])).Key);

        live.UpsertProcess(Proc(2, 700, "master", parent: 1, at: 1.5));
        live.AddEvents([Io(1.6, 1, 1, Direction.Tx, 20), Io(1.7, 2, 2, Direction.Rx, 300)]);
        live.Finish(TestRecording.At(2));

        var byTree = Rows(new LiveGroups([GroupField.Tree]), snapshots[^1]);
        Assert.Equal(new ByteCounts(30, 300), byTree[(700L, "master")].Total);
        var report = Analysis.Report(directory, new TestRecording().StoppedAt(2)
            .Process(Proc(1, 701, "worker", parent: 700, at: 0.1)).Process(Proc(2, 700, "master", parent: 1, at: 1.5))
            .Tx(0.5, 1, 1, 10).Tx(1.6, 1, 1, 20).Rx(1.7, 2, 2, 300), new ReportOptions { GroupBy = [GroupField.Tree] });
        Assert.Equal([700L], report.Column("tree_pid"));
    }

    [Fact]
    public void ByIface_SocketsOnTwoInterfaces_AreTwoGroups()
    {
        var live = Live();
        live.UpsertInterface(new InterfaceRecord(1, "lo"));
        live.UpsertInterface(new InterfaceRecord(2, "eth0"));
        live.UpsertProcess(Proc(1, 100, "curl"));
        live.UpsertSocket(Socket(10, 1));
        live.UpsertSocket(Socket(11, 1));
        live.AddEvents([Io(0.2, 1, 10, Direction.Tx, 100), Io(0.3, 1, 11, Direction.Rx, 4000), Io(0.4, 1, 10, Direction.Rx, 5)]);
        live.AddPacketFlows([Flow(0, 10, ifindex: 1, bytes: 200), Flow(0, 11, ifindex: 2, bytes: 4100), Flow(0, 11, ifindex: 1, bytes: 60)]);
        FlushAt(1, live);

        var groups = new LiveGroups([GroupField.Iface]);
        var byIface = groups.Of(snapshots[^1]).ToDictionary(r => (string?)r.Key[0] ?? "-");
        Assert.Equal(["iface"], groups.Columns);
        Assert.Equal(new ByteCounts(100, 5), byIface["lo"].Interval);
        Assert.Equal(new ByteCounts(0, 4000), byIface["eth0"].Interval);
        Assert.Equal(2, byIface.Count);
        var byHostAndIface = new LiveGroups([GroupField.Host, GroupField.Iface]).Of(snapshots[^1]);
        Assert.All(byHostAndIface, r => Assert.Equal<object?>(Info.Host, r.Key[0]));
    }

    [Fact]
    public void ByIface_ANewSocketsFirstInterval_WaitsForItsPackets_SoIntervalsStillAddUpToTheTotals()
    {
        var live = Live();
        live.UpsertInterface(new InterfaceRecord(1, "lo"));
        live.UpsertProcess(Proc(1, 100, "curl"));
        live.UpsertSocket(Socket(10, 1));
        live.UpsertSocket(Socket(11, 1));
        // The recorder hands over a second's payload at once, its packets a flush later.
        live.AddEvents([Io(0.5, 1, 10, Direction.Tx, 100)]);
        FlushAt(1, live);
        live.AddPacketFlows([Flow(0, 10, ifindex: 1, bytes: 160)]);
        live.AddEvents([Io(1.5, 1, 10, Direction.Tx, 20), Io(1.6, 1, 11, Direction.Tx, 3)]);
        FlushAt(2, live);
        live.Finish(TestRecording.At(2.5)); // socket 11's packets were never counted

        var byIface = new LiveGroups([GroupField.Iface]);
        var intervals = snapshots.Select(s => byIface.Of(s).ToDictionary(r => (string?)r.Key[0] ?? "-")).ToList();
        Assert.Empty(intervals[0]);
        Assert.Equal((new ByteCounts(120, 0), new ByteCounts(120, 0)), (intervals[1]["lo"].Interval, intervals[1]["lo"].Total));
        Assert.False(intervals[1].ContainsKey("-"));
        Assert.Equal(new ByteCounts(3, 0), intervals[2]["-"].Interval);
        // Grouped by anything else, nothing waits.
        Assert.Equal(100, new LiveGroups([GroupField.Pid]).Of(snapshots[0]).Single().Interval.Tx);
    }

    [Fact]
    public void Replay_ByTreeAndByIface_AddsUpToTheReportsGroups()
    {
        var recording = new TestRecording().StoppedAt(4.5)
            .Process(Proc(1, 500, "bash", parent: 1))
            .Process(Proc(2, 501, "bash", parent: 500, at: 1) with { ForkNs = TestRecording.At(1) })
            .Process(Proc(3, 501, "curl", parent: 500, at: 1.1) with { ExecNs = TestRecording.At(1.1) })
            .Process(Proc(4, 600, "sshd", parent: 1))
            .Socket(Socket(1, 1)).Socket(Socket(2, 3)).Socket(Socket(3, 4))
            .Interface(1, "lo").Interface(2, "eth0")
            .Flow(0, socketId: 1, Direction.Tx, packets: 1, bytes: 60, ifindex: 1)
            .Flow(1, socketId: 2, Direction.Tx, packets: 9, bytes: 900, ifindex: 2)
            .Flow(2, socketId: 2, Direction.Rx, packets: 1, bytes: 60, ifindex: 1)
            .Flow(3, socketId: 3, Direction.Rx, packets: 1, bytes: 60, ifindex: 1)
            .Tx(0.5, 1, 1, 10).Tx(1.5, 3, 2, 800).Rx(2.5, 3, 2, 40).Rx(3.5, 4, 3, 7);

        foreach (var field in new[] { GroupField.Tree, GroupField.Iface })
        {
            var report = Analysis.Report(directory, recording, new ReportOptions { GroupBy = [field] });
            var expected = report.Table.Rows.Select((_, i) => report.Row(i))
                .ToDictionary(r => KeyText(GroupFields.Columns(field).Select(c => r[c])), r => new ByteCounts((long)r["tx_bytes"]!, (long)r["rx_bytes"]!));

            snapshots.Clear();
            using (var source = recording.Open(directory, $"replay-{field}.db"))
            {
                var replay = new LiveReplay(source, TimeSpan.FromSeconds(1), speed: 1e6);
                replay.Play(new LiveTraffic(TimeSpan.FromSeconds(1), () => replay.NowNs, snapshots.Add), CancellationToken.None);
            }
            var groups = new LiveGroups([field]);
            var live = snapshots.SelectMany(s => groups.Of(s)).GroupBy(r => KeyText(r.Key)).ToDictionary(g => g.Key, g => g.Aggregate(default(ByteCounts), (sum, r) => sum + r.Interval));

            Assert.Equal(expected.OrderBy(e => e.Key), live.Where(l => l.Value.Both > 0).OrderBy(l => l.Key));
            Assert.Equal(2, expected.Count);
        }
    }

    public void Dispose() => directory.Dispose();

    private LiveTraffic Live()
    {
        var live = new LiveTraffic(TimeSpan.FromSeconds(1), () => now, snapshots.Add);
        live.Begin(Info);
        return live;
    }

    private void FlushAt(double seconds, LiveTraffic live)
    {
        now = TestRecording.At(seconds);
        live.Flush();
    }

    private static Dictionary<(long?, string?), LiveGroupRow> Rows(LiveGroups groups, LiveSnapshot snapshot) =>
        groups.Of(snapshot).ToDictionary(r => ((long?)r.Key[0], (string?)r.Key[1]));

    private static string KeyText(IEnumerable<object?> values) => string.Join('/', values.Select(v => v?.ToString() ?? "-"));

    private static IoEvent Io(double seconds, long processId, long socketId, Direction direction, long bytes) =>
        new(TestRecording.At(seconds), processId, 1, socketId, direction, bytes);

    private static PacketFlowRecord Flow(double windowSeconds, long socketId, int ifindex, long bytes) => new()
    {
        WindowStartNs = TestRecording.At(windowSeconds),
        WindowEndNs = TestRecording.At(windowSeconds + 1),
        SocketId = socketId,
        Ifindex = ifindex,
        Direction = Direction.Tx,
        Family = AddressFamily.Inet,
        Protocol = IpProtocol.Tcp,
        RemoteAddr = "127.0.0.1",
        RemotePort = 80,
        Packets = 1,
        Bytes = bytes,
    };
}
