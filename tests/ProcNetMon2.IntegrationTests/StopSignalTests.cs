using Xunit;

namespace ProcNetMon2.IntegrationTests;

public sealed class StopSignalTests
{
    [RootFact]
    public void CtrlC_FlushesAndClosesACompleteRecording() => AssertStopsCleanly(Native.SIGINT);

    [RootFact]
    public void Sigterm_FlushesAndClosesACompleteRecording() => AssertStopsCleanly(Native.SIGTERM);

    [RootFact]
    public void Duration_StopsByItself()
    {
        RootRequirement.Ensure();
        string dir = TestPaths.NewTempDirectory();
        string path = Path.Combine(dir, "trace.db");
        var (code, _, stderr) = ChildProcess.Run(TimeSpan.FromSeconds(30), TestPaths.Pnm, "record", "-o", path, "--duration", "1500ms");
        Assert.True(code == 0, stderr);
        var (reportCode, json, _) = ChildProcess.Run(TimeSpan.FromSeconds(30), TestPaths.Pnm, "report", path, "--format", "json");
        Assert.Equal(0, reportCode);
        Assert.Contains("\"complete\": true", json);
        Directory.Delete(dir, recursive: true);
    }

    [RootFact]
    public void ARecordingFileDeletedWhileRecording_EndsWithOneLine_NotAStackTrace()
    {
        RootRequirement.Ensure();
        string dir = TestPaths.NewTempDirectory();
        string path = Path.Combine(dir, "trace.db");
        try
        {
            using var pnm = ChildProcess.Start(TestPaths.Pnm, "record", "-o", path);
            pnm.WaitForLine(l => l.Contains("recording to", StringComparison.Ordinal), onStderr: true, TimeSpan.FromSeconds(30));
            Traffic.Tcp("4", 10_000, 10_000);
            foreach (string file in Directory.GetFiles(dir))
                File.Delete(file);
            pnm.Signal(Native.SIGTERM);

            Assert.Equal(1, pnm.WaitForExit(TimeSpan.FromSeconds(30)));
            var lines = pnm.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length == 2, pnm.Stderr);
            Assert.StartsWith($"pnm: cannot write {path}: ", lines[1]);
            Assert.EndsWith(": recording stopped; what was flushed before is kept", lines[1]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void AssertStopsCleanly(int signal)
    {
        using var session = RecordingSession.Start();
        var (server, client) = Traffic.Tcp("4", 100_000, 100_000);
        session.Stop(signal);

        var (code, json, _) = ChildProcess.Run(TimeSpan.FromSeconds(30), TestPaths.Pnm, "report", session.Path, "--format", "json");
        Assert.Equal(0, code);
        Assert.Contains("\"complete\": true", json);
        var report = PnmReport.Of(session.Path);
        Assert.Equal((client.Sent, client.Received), report.BytesOf(client.Pid));
        Assert.Equal((server.Sent, server.Received), report.BytesOf(server.Pid));
    }
}
