using System.Net;
using System.Net.Sockets;
using Xunit;

namespace ProcNetMon2.IntegrationTests;

/// <summary>A real pnm record writing a segment recording (.pnm): ground truth, kill -9, rotation, a full disk.</summary>
public sealed class SegmentRecordingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [RootFact]
    public void StoppedCleanly_MatchesGroundTruth_AndChecksClean()
    {
        using var session = RecordingSession.StartAs("trace.pnm");
        var (server, client) = Traffic.Tcp("4", 300_000, 200_000);
        var (udpServer, udpClient) = Traffic.Udp("6", 500, 700);
        session.Stop();

        PnmReport.Of(session.Path).AssertBytesOf(client, server, udpClient, udpServer);
        var (code, stdout, stderr) = ChildProcess.Run(Timeout, TestPaths.Pnm, "check", session.Path);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("Stopped:   cleanly", stdout);
    }

    [RootFact]
    public void KillNine_UnderTraffic_ReportsEverythingUpToTheLastFlushedBlock()
    {
        using var session = RecordingSession.StartAs("trace.pnm");
        var (server, client) = Traffic.Tcp("4", 250_000, 125_000);
        // Past the next one-second flush: the exchange is on disk before the kill.
        Thread.Sleep(2_500);
        using (new UdpFlood())
        {
            // Killed while a flood is being written: the kill may tear a block.
            Thread.Sleep(1_500);
            session.Kill();
        }

        var (reportCode, json, reportErrors) = ChildProcess.Run(Timeout, TestPaths.Pnm, "report", session.Path, "--format", "json");
        Assert.True(reportCode == 0, reportErrors);
        Assert.Contains("\"complete\": false", json);
        var warnings = reportErrors.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(warnings.Length <= 1, reportErrors);
        Assert.All(warnings, w => Assert.StartsWith("pnm: warning: segment-", w));
        var report = PnmReport.Of(session.Path);
        Assert.Equal((client.Sent, client.Received), report.BytesOf(client.Pid));
        Assert.Equal((server.Sent, server.Received), report.BytesOf(server.Pid));

        var (checkCode, checkOutput, _) = ChildProcess.Run(Timeout, TestPaths.Pnm, "check", session.Path);
        Assert.Equal(warnings.Length == 0 ? 0 : 1, checkCode);
        Assert.Contains("Stopped:   not cleanly", checkOutput);
    }

    [RootFact]
    public void RotationAndRetention_KeepTheNewestSegmentsReadable()
    {
        using var session = RecordingSession.StartAs("trace.pnm", "--rotate-time", "500ms", "--retain-age", "2s");
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline)
            Traffic.Udp("4", 200, 100);
        var (server, client) = Traffic.Tcp("4", 100_000, 100_000);
        session.Stop();

        var segments = Directory.GetFiles(session.Path).Select(Path.GetFileName).Order().ToList();
        Assert.DoesNotContain("segment-000001.pnms", segments);
        Assert.InRange(segments.Count, 2, 8);
        // The newest exchange sits in segments that retention keeps.
        var report = PnmReport.Of(session.Path);
        Assert.Equal((client.Sent, client.Received), report.BytesOf(client.Pid));
        Assert.Equal((server.Sent, server.Received), report.BytesOf(server.Pid));
        var (code, stdout, stderr) = ChildProcess.Run(Timeout, TestPaths.Pnm, "check", session.Path);
        Assert.True(code == 0, stdout + stderr);
    }

    [RootFact]
    public void RotationBySize_SplitsAndReadsWhole()
    {
        using var session = RecordingSession.StartAs("trace.pnm", "--rotate-size", "4K");
        var exchanges = Enumerable.Range(0, 4).Select(_ =>
        {
            var result = Traffic.Udp("4", 2_000, 64);
            Thread.Sleep(1_100);
            return result;
        }).ToList();
        session.Stop();

        Assert.True(Directory.GetFiles(session.Path).Length >= 3);
        var report = PnmReport.Of(session.Path);
        foreach (var (server, client) in exchanges)
        {
            Assert.Equal((client.Sent, client.Received), report.BytesOf(client.Pid));
            Assert.Equal((server.Sent, server.Received), report.BytesOf(server.Pid));
        }
    }

    [RootFact]
    public void RetainEarlier_TheNextStartDeletesTheEarlierRecordingBeyondTheLimit()
    {
        RootRequirement.Ensure();
        string directory = TestPaths.NewTempDirectory();
        try
        {
            // As the service does: a new recording at each start, in one directory.
            string first = Path.Combine(directory, "20260101T000000Z.pnm"), second = Path.Combine(directory, "20260101T000005Z.pnm");
            Run(TestPaths.Pnm, "record", "-o", first, "-d", "2s", "--rotate-time", "500ms", "--retain-age", "1s", "--retain-earlier");
            Assert.True(Directory.GetFiles(first).Length >= 2);
            Thread.Sleep(1_500);

            using var pnm = ChildProcess.Start(TestPaths.Pnm, "record", "-o", second, "--retain-age", "1s", "--retain-earlier");
            pnm.WaitForLine(l => l.Contains("recording to", StringComparison.Ordinal), onStderr: true, Timeout);
            var (server, client) = Traffic.Tcp("4", 50_000, 50_000);
            Assert.False(Directory.Exists(first), "every segment of the first recording is older than 1 s: it is gone");
            pnm.Signal(Native.SIGTERM);
            Assert.Equal(0, pnm.WaitForExit(Timeout));

            var report = PnmReport.Of(second);
            Assert.Equal((client.Sent, client.Received), report.BytesOf(client.Pid));
            Assert.Equal((server.Sent, server.Received), report.BytesOf(server.Pid));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [RootFact]
    public void DiskFull_StopsCleanlyWithOneLine_AndKeepsWhatWasWritten()
    {
        RootRequirement.Ensure();
        string directory = TestPaths.NewTempDirectory();
        string mount = Path.Combine(directory, "small");
        Directory.CreateDirectory(mount);
        Run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount);
        try
        {
            string path = Path.Combine(mount, "trace.pnm");
            using var pnm = ChildProcess.Start(TestPaths.Pnm, "record", "-o", path);
            pnm.WaitForLine(l => l.Contains("recording to", StringComparison.Ordinal), onStderr: true, Timeout);
            int code;
            using (new UdpFlood())
                code = pnm.WaitForExit(Timeout);

            Assert.Equal(1, code);
            var lines = pnm.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length == 2, pnm.Stderr);
            Assert.StartsWith("pnm: recording to", lines[0]);
            Assert.Equal($"pnm: disk full while writing {path}: recording stopped; what was flushed before is kept", lines[1]);

            var (checkCode, checkOutput, checkErrors) = ChildProcess.Run(Timeout, TestPaths.Pnm, "check", path);
            Assert.True(checkCode == 0, checkOutput + checkErrors);
            Assert.DoesNotContain("Events:    0\n", checkOutput);
            var (reportCode, _, reportErrors) = ChildProcess.Run(Timeout, TestPaths.Pnm, "report", path);
            Assert.True(reportCode == 0, reportErrors);
        }
        finally
        {
            Run("umount", "-l", mount);
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Datagrams sent as fast as they go to a socket that never reads, until disposed.</summary>
    private sealed class UdpFlood : IDisposable
    {
        private readonly Socket sink = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        private readonly ChildProcess sender;

        public UdpFlood()
        {
            sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            string port = ((IPEndPoint)sink.LocalEndPoint!).Port.ToString();
            sender = ChildProcess.Start(TestPaths.TrafficGen, "udp-flood", "4", port, "2000000000", "64");
        }

        public void Dispose()
        {
            sender.Dispose();
            sink.Dispose();
        }
    }

    private static void Run(string program, params string[] args)
    {
        var (code, stdout, stderr) = ChildProcess.Run(Timeout, program, args);
        Assert.True(code == 0, $"{program} {string.Join(' ', args)} failed ({code}): {stdout}{stderr}");
    }
}
