using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Live;
using ProcNetMon2.Tests.Analyze;

namespace ProcNetMon2.Tests.Analyze.Live;

/// <summary>The live tap: intervals end at the flush nearest to their end, and every byte lands in exactly one.</summary>
public sealed class LiveTrafficTests
{
    private static readonly RecordingInfo Info = new TestRecording().Info;
    private long now = TestRecording.StartedNs;

    [Fact]
    public void Flush_PublishesOnlyWhenAnIntervalIsDue_AndFinishPublishesTheRest()
    {
        var snapshots = new List<LiveSnapshot>();
        var live = new LiveTraffic(TimeSpan.FromSeconds(2), () => now, snapshots.Add);
        live.Begin(Info);
        live.UpsertProcess(new ProcessRecord { ProcessId = 1, Pid = 100, Comm = "curl", FirstSeenNs = TestRecording.StartedNs });
        live.AddEvents([Io(0.2, 1, 1, Direction.Tx, 10), Io(0.3, 1, 1, Direction.Rx, 5)]);
        FlushAt(1.0, live);
        Assert.Empty(snapshots);
        live.AddEvents([Io(1.2, 1, 1, Direction.Tx, 7)]);
        FlushAt(1.6, live); // within half a flush of the 2 s boundary: due
        live.AddEvents([Io(2.5, 1, 1, Direction.Tx, 1000)]);
        FlushAt(2.6, live);
        Assert.Single(snapshots);
        live.Finish(TestRecording.At(3.0));

        Assert.Equal(2, snapshots.Count);
        Assert.Equal(new ByteCounts(17, 5), snapshots[0].Pairs.Single().Interval);
        Assert.Equal(new ByteCounts(1000, 0), snapshots[1].Pairs.Single().Interval);
        Assert.Equal(new ByteCounts(17, 5), snapshots[1].Pairs.Single().Total);
        Assert.Equal((TestRecording.At(1.6), TestRecording.At(3.0)), (snapshots[1].StartNs, snapshots[1].EndNs));
        Assert.True(snapshots[1].Final);
        Assert.Equal("curl", snapshots[0].Pairs.Single().Process?.Comm);
    }

    [Fact]
    public void RecorderRows_BecomeTheIntervalsHealth()
    {
        var snapshots = new List<LiveSnapshot>();
        var live = new LiveTraffic(TimeSpan.FromSeconds(1), () => now, snapshots.Add);
        live.Begin(Info);
        live.AddLoss(new LossRecord(TestRecording.At(0), 3, Cpu: 0));
        live.AddLoss(new LossRecord(TestRecording.At(0), 4, Cpu: 1));
        live.AddRecorderStats(Stats(cpuSeconds: 0.05, events: 1000, rss: 50 << 20));
        FlushAt(1, live);
        live.AddRecorderStats(Stats(cpuSeconds: 0.01, events: 10, rss: 60 << 20));
        live.Finish(TestRecording.At(2));

        Assert.Equal(new RecorderHealth { LostEvents = 7, LostEventsTotal = 7, EventsSubmitted = 1000, CpuSeconds = 0.05, RssBytes = 50 << 20 },
            snapshots[0].Health);
        Assert.Equal(new RecorderHealth { LostEvents = 0, LostEventsTotal = 7, EventsSubmitted = 10, CpuSeconds = 0.01, RssBytes = 60 << 20 },
            snapshots[1].Health);
    }

    [Fact]
    public void Replay_PutsEachEventInTheIntervalOfItsTime_AndAddsUpToTheRecording()
    {
        using var directory = new TemporaryDirectory();
        string path = new TestRecording()
            .Process(1, 100, "curl").Process(2, 200, "nginx")
            .Socket(TrafficReportTests.Socket(10, 1)).Socket(TrafficReportTests.Socket(20, 2))
            .Tx(0.5, 1, 10, 100).Rx(1.5, 1, 10, 2000).Tx(3.2, 2, 20, 30)
            .Summarized(2.1, 2, 20, Direction.Rx, bytes: 4096, calls: 4)
            .StoppedAt(4.5)
            .WriteTo(directory.File("trace.db"));

        var snapshots = new List<LiveSnapshot>();
        using (var source = RecordingFile.Open(path))
        {
            var replay = new LiveReplay(source, TimeSpan.FromSeconds(1), speed: 1e6);
            replay.Play(new LiveTraffic(TimeSpan.FromSeconds(1), () => replay.NowNs, snapshots.Add), CancellationToken.None);
        }

        Assert.Equal(5, snapshots.Count);
        Assert.Equal(TestRecording.At(4.5), snapshots[^1].EndNs);
        Assert.Equal([100L, 2000, 4096, 30, 0], snapshots.Select(s => s.Pairs.Sum(p => p.Interval.Both)));
        var byPid = new LiveGroups([GroupField.Pid]).Of(snapshots[^1]).ToDictionary(r => (long)r.Key[0]!);
        Assert.Equal(new ByteCounts(100, 2000), byPid[100].Total);
        Assert.Equal(new ByteCounts(30, 4096), byPid[200].Total);
    }

    [Fact]
    public void IdleClosedSocketsAndExitedProcesses_AreForgotten_ButAProcessKeepsItsTotal()
    {
        var snapshots = new List<LiveSnapshot>();
        var live = new LiveTraffic(TimeSpan.FromSeconds(1), () => now, snapshots.Add);
        live.Begin(Info);
        var server = new ProcessRecord { ProcessId = 1, Pid = 100, Comm = "nginx", FirstSeenNs = TestRecording.StartedNs };
        live.UpsertProcess(server);
        live.UpsertProcess(new ProcessRecord { ProcessId = 2, Pid = 200, Comm = "curl", FirstSeenNs = TestRecording.StartedNs, ExitNs = TestRecording.At(1) });
        live.UpsertSocket(TrafficReportTests.Socket(10, 1) with { CloseNs = TestRecording.At(1) });
        live.UpsertSocket(TrafficReportTests.Socket(20, 2) with { CloseNs = TestRecording.At(1) });
        live.AddEvents([Io(0.5, 1, 10, Direction.Tx, 300), Io(0.5, 2, 20, Direction.Rx, 300)]);
        FlushAt(1, live);
        FlushAt(30, live);
        Assert.Equal(2, snapshots[^1].Pairs.Count);

        FlushAt(62, live); // the last interval to show them
        FlushAt(63, live);

        var pair = Assert.Single(snapshots[^1].Pairs);
        Assert.Equal((server, null, new ByteCounts(300, 0)), (pair.Process, pair.Socket, pair.Total));
        Assert.DoesNotContain(new LiveGroups([GroupField.Pid]).Of(snapshots[^1]), r => (long?)r.Key[0] == 200);
    }

    private void FlushAt(double seconds, LiveTraffic live)
    {
        now = TestRecording.At(seconds);
        live.Flush();
    }

    private static IoEvent Io(double seconds, long processId, long socketId, Direction direction, long bytes) =>
        new(TestRecording.At(seconds), processId, 1, socketId, direction, bytes);

    private static RecorderStatsRecord Stats(double cpuSeconds, long events, long rss) => new()
    {
        WindowStartNs = 0,
        WindowEndNs = 0,
        CpuSeconds = cpuSeconds,
        RssBytes = rss,
        RingFillPeakBytes = 0,
        EventsSubmitted = events,
        EventsFiltered = 0,
    };
}
