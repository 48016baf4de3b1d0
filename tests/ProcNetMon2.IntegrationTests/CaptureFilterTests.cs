using Xunit;

namespace ProcNetMon2.IntegrationTests;

public sealed class CaptureFilterTests
{
    [RootFact]
    public void PidFilter_RecordsOnlyThatProcess()
    {
        using var server = Traffic.StartServer("udp-server", "4", "100", out string port);
        using var session = RecordingSession.Start("--pid", server.Pid.ToString());
        var client = Traffic.RunToEnd("udp-client", "4", port, "100", "700");
        var serverResult = Traffic.Finish(server);
        session.Stop();

        var report = PnmReport.Of(session.Path);
        Assert.Equal([server.Pid], report.Pids);
        Assert.Equal((serverResult.Sent, serverResult.Received), report.BytesOf(server.Pid));
        Assert.False(report.HasProcess(client.Pid));

        // The kernel rejected the client's calls before the ring: its own counters say so, and
        // nothing of the client's reached the recording, not even its socket.
        using var db = new RecordingDatabase(session.Path);
        Assert.True(db.Scalar<long>("SELECT SUM(events_filtered) FROM recorder_stats") >= 200,
            "the kernel-side filter counted fewer rejected events than the client's 200 calls");
        Assert.Equal(0, db.Scalar<long>("SELECT COUNT(*) FROM socket_totals WHERE pid = @pid", new { pid = client.Pid }));
        Assert.Equal(0, db.Scalar<long>("SELECT COUNT(*) FROM processes WHERE pid = @pid", new { pid = client.Pid }));
        Assert.Equal(0, db.Scalar<long>("SELECT COUNT(*) FROM packets WHERE socket_id = 0 OR pid <> @pid", new { pid = server.Pid }));
    }

    [RootFact]
    public void CommFilter_RecordsOnlyProcessesOfThatName()
    {
        using var session = RecordingSession.Start("--comm", "pnm-trafficgen");
        var (server, client) = Traffic.Tcp("4", 40_000, 3_000);
        var (otherServer, otherClient) = Traffic.TcpUnderDotnetHost(5_000, 5_000);
        session.Stop();

        var report = PnmReport.Of(session.Path);
        Assert.All(report.Pids, pid => Assert.All(report.ProcessNames(pid), name => Assert.Equal("pnm-trafficgen", name)));
        Assert.Equal((client.Sent, client.Received), report.BytesOf(client.Pid));
        Assert.Equal((server.Sent, server.Received), report.BytesOf(server.Pid));
        Assert.False(report.HasProcess(otherServer.Pid));
        Assert.False(report.HasProcess(otherClient.Pid));
    }

    [RootFact]
    public void PortFilter_RecordsOnlySocketsWithThatPort()
    {
        using var server = Traffic.StartServer("tcp-server", "4", "7000", out string port);
        using var session = RecordingSession.Start("--port", port);
        var client = Traffic.RunToEnd("tcp-client", "4", port, "21000");
        var serverResult = Traffic.Finish(server);
        var (otherServer, otherClient) = Traffic.Tcp("4", 9_000, 9_000);
        session.Stop();

        var report = PnmReport.Of(session.Path);
        Assert.Equal(new[] { client.Pid, serverResult.Pid }.Order(), report.Pids.Order());
        Assert.Equal((client.Sent, client.Received), report.BytesOf(client.Pid));
        Assert.Equal((serverResult.Sent, serverResult.Received), report.BytesOf(serverResult.Pid));
        Assert.False(report.HasProcess(otherServer.Pid));
        Assert.False(report.HasProcess(otherClient.Pid));
        using var db = new RecordingDatabase(session.Path);
        Assert.Equal(0, db.Scalar<long>("SELECT COUNT(*) FROM sockets WHERE local_port <> @port AND remote_port <> @port", new { port = int.Parse(port) }));
    }

    [RootFact]
    public void CgroupFilter_RecordsOnlyProcessesInThatCgroup()
    {
        string mount = File.ReadLines("/proc/mounts").Select(l => l.Split(' ')).First(f => f[2] == "cgroup2")[1];
        string cgroup = Path.Combine(mount, $"pnm-test-{Random.Shared.Next(100000)}");
        Directory.CreateDirectory(cgroup);
        try
        {
            using var server = Traffic.StartServer("tcp-server", "4", "4000", out string port);
            File.WriteAllText(Path.Combine(cgroup, "cgroup.procs"), server.Pid.ToString());
            using var session = RecordingSession.Start("--cgroup", cgroup);
            var client = Traffic.RunToEnd("tcp-client", "4", port, "12000");
            var serverResult = Traffic.Finish(server);
            session.Stop();

            var report = PnmReport.Of(session.Path);
            Assert.Equal([server.Pid], report.Pids);
            Assert.Equal((serverResult.Sent, serverResult.Received), report.BytesOf(server.Pid));
            Assert.False(report.HasProcess(client.Pid));
            using var db = new RecordingDatabase(session.Path);
            Assert.Equal(0, db.Scalar<long>("SELECT COUNT(*) FROM socket_totals WHERE pid = @pid", new { pid = client.Pid }));
        }
        finally
        {
            Directory.Delete(cgroup);
        }
    }
}
