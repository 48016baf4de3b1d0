using Xunit;

namespace ProcNetMon2.IntegrationTests;

/// <summary>
/// pnm top on a real capture: the per-interval bytes of a known process add up to exactly what it sent
/// and received, and the recording it writes at the same time reports the same totals.
/// </summary>
public sealed class LiveTopTests
{
    [RootFact]
    public void JsonLines_IntervalsAddUpToTheTrafficExactly_AndTheRecordingReportsTheSame()
    {
        using var session = RecordingSession.StartTop("trace.db", "--format", "jsonl");
        var (server, client) = Traffic.Tcp("4", 2_000_000, 300_001);
        session.Stop();

        var intervals = LiveIntervals.Parse(session.Stdout);
        Assert.Equal((client.Sent, client.Received), intervals.BytesOf(client.Pid));
        Assert.Equal((server.Sent, server.Received), intervals.BytesOf(server.Pid));
        var report = PnmReport.Of(session.Path);
        Assert.Equal(0, report.LostEvents);
        Assert.Equal((client.Sent, client.Received), report.BytesOf(client.Pid));
        Assert.Equal((server.Sent, server.Received), report.BytesOf(server.Pid));
    }

    [RootFact]
    public void SegmentRecording_WhileShowingATable_MatchesTheTraffic()
    {
        using var session = RecordingSession.StartTop("trace.pnm", "--format", "table", "--comm", "pnm-trafficgen");
        var (server, client) = Traffic.Udp("4", datagrams: 200, size: 1000);
        session.Stop();

        var report = PnmReport.Of(session.Path);
        Assert.Equal((client.Sent, client.Received), report.BytesOf(client.Pid));
        Assert.Equal((server.Sent, server.Received), report.BytesOf(server.Pid));
        Assert.Equal(new[] { client.Pid, server.Pid }.Order(), report.Pids.Order());
        Assert.Matches($@"(?m)^\s*{client.Pid}\s+pnm-trafficgen\s", session.Stdout);
        Assert.Matches($@"(?m)^\s*{server.Pid}\s+pnm-trafficgen\s", session.Stdout);
    }

    [RootFact]
    public void Replay_ShowsTheSameTotalsAsTheReport()
    {
        using var session = RecordingSession.Start();
        var (server, client) = Traffic.Tcp("6", 700_000, 12_345);
        session.Stop();

        var (code, stdout, stderr) = ChildProcess.Run(TimeSpan.FromSeconds(60), TestPaths.Pnm,
            "top", "--replay", session.Path, "--speed", "1000", "--format", "jsonl");
        Assert.True(code == 0, $"pnm top --replay failed ({code}): {stderr}");
        var intervals = LiveIntervals.Parse(stdout);
        var report = PnmReport.Of(session.Path);
        foreach (int pid in report.Pids)
            Assert.Equal(report.BytesOf(pid), intervals.BytesOf(pid));
        Assert.Equal((client.Sent, client.Received), intervals.BytesOf(client.Pid));
        Assert.Equal((server.Sent, server.Received), intervals.BytesOf(server.Pid));
    }
}
