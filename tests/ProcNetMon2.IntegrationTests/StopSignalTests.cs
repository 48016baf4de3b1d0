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
