using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Live;
using ProcNetMon2.Tests.Analyze;

namespace ProcNetMon2.Tests.Analyze.Live;

/// <summary>Grouping a live interval and what the view shows of it: sort, filter, peaks, exited processes.</summary>
public sealed class LiveBoardTests
{
    private static readonly ProcessRecord Curl = Process(1, 100, "curl");
    private static readonly ProcessRecord OtherCurl = Process(2, 101, "curl");
    private static readonly ProcessRecord Nginx = Process(3, 200, "nginx");

    [Fact]
    public void GroupsByComm_AddSocketsAndNameTheBusiestRemoteAndApp()
    {
        var snapshot = Snapshot(1.0,
            Pair(Curl, Socket(10, "10.0.0.1", "http"), interval: new(100, 0), total: new(50, 0)),
            Pair(OtherCurl, Socket(11, "10.0.0.2", "tls"), interval: new(0, 900), total: new(0, 0)),
            Pair(Nginx, Socket(12, "10.0.0.3", null, closedAt: 0.5), interval: new(1, 1), total: default));

        var rows = new LiveGroups([GroupField.Comm]).Of(snapshot).ToDictionary(r => (string)r.Key[0]!);

        var curl = rows["curl"];
        Assert.Equal(new ByteCounts(100, 900), curl.Interval);
        Assert.Equal(new ByteCounts(150, 900), curl.Total);
        Assert.Equal((100.0, 900.0), (curl.TxRate, curl.RxRate));
        Assert.Equal(2, curl.OpenSockets);
        Assert.Equal("10.0.0.2", curl.BusiestRemote);
        Assert.Equal("tls", curl.App);
        Assert.Equal(0, rows["nginx"].OpenSockets);
    }

    [Fact]
    public void Lines_SortByRate_Reverse_FilterByName_AndKeepPeaks()
    {
        var board = new LiveBoard(new LiveGroups([GroupField.Pid]), TimeSpan.FromSeconds(10));
        board.Add(Snapshot(1, Pair(Curl, null, new(1000, 0)), Pair(Nginx, null, new(10, 0))));
        board.Add(Snapshot(2, Pair(Curl, null, new(1, 0), new(1000, 0)), Pair(Nginx, null, new(500, 0), new(10, 0))));

        Assert.Equal([200L, 100], board.Lines().Select(l => (long)l.Group.Key[0]!));
        Assert.Equal([1000.0, 500], board.Lines().OrderByDescending(l => l.PeakRate).Select(l => l.PeakRate));
        board.Sort = LiveSort.Peak;
        Assert.Equal([100L, 200], board.Lines().Select(l => (long)l.Group.Key[0]!));
        board.Reversed = true;
        Assert.Equal([200L, 100], board.Lines().Select(l => (long)l.Group.Key[0]!));
        board.Filter = "NGI";
        Assert.Equal([200L], board.Lines().Select(l => (long)l.Group.Key[0]!));
    }

    [Fact]
    public void ExitedGroups_StayForTheirRetention_ThenLeaveTheView()
    {
        var exited = Curl with { ExitNs = TestRecording.At(1.5) };
        var board = new LiveBoard(new LiveGroups([GroupField.Pid]), TimeSpan.FromSeconds(10));

        board.Add(Snapshot(1, Pair(exited, null, new(10, 0)), Pair(Nginx, null, new(10, 0))));
        Assert.All(board.Lines(), l => Assert.False(l.Group.Exited));
        board.Add(Snapshot(2, Pair(exited, null, default, new(10, 0)), Pair(Nginx, null, default, new(10, 0))));
        Assert.True(board.Lines().Single(l => l.Group.Key[1] is "curl").Group.Exited);
        board.Add(Snapshot(12, Pair(exited, null, default, new(10, 0)), Pair(Nginx, null, default, new(10, 0))));
        Assert.Equal(["nginx"], board.Lines().Select(l => l.Group.Key[1]));
    }

    [Fact]
    public void Regrouping_ShowsTheLatestIntervalTheNewWay()
    {
        var board = new LiveBoard(new LiveGroups([GroupField.Pid]), TimeSpan.FromSeconds(10));
        board.Add(Snapshot(1, Pair(Curl, null, new(1, 0)), Pair(OtherCurl, null, new(2, 0))));
        Assert.Equal(2, board.Lines().Count);

        board.RegroupBy(new LiveGroups([GroupField.Comm]));

        Assert.Equal(new ByteCounts(3, 0), board.Lines().Single().Group.Interval);
        Assert.Equal(["comm"], board.Groups.Columns);
    }

    private static LiveSnapshot Snapshot(double endSeconds, params PairTraffic[] pairs) => new()
    {
        Info = new TestRecording().Info,
        StartNs = TestRecording.At(endSeconds - 1),
        EndNs = TestRecording.At(endSeconds),
        Pairs = pairs,
        Health = new RecorderHealth(),
    };

    private static PairTraffic Pair(ProcessRecord process, SocketRecord? socket, ByteCounts interval, ByteCounts total = default) =>
        new(process, socket, interval, total, default);

    private static ProcessRecord Process(long processId, int pid, string comm) =>
        new() { ProcessId = processId, Pid = pid, Comm = comm, FirstSeenNs = TestRecording.StartedNs };

    private static SocketRecord Socket(long socketId, string remote, string? app, double? closedAt = null) =>
        TrafficReportTests.Socket(socketId, 0) with { RemoteAddr = remote, App = app, CloseNs = closedAt is { } c ? TestRecording.At(c) : null };
}
