using Xunit;

namespace ProcNetMon2.IntegrationTests;

/// <summary>
/// The published pnm is a native executable (NativeAOT): what it records, and every command's answer over that
/// recording, must be the jitted build's, byte for byte, the files it writes included.
/// </summary>
public sealed class NativePnmTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [RootFact]
    public void RecordsWithMetrics_AndEveryCommandAnswersAsTheJittedBuild()
    {
        Assert.NotEqual(TestPaths.JitPnm, TestPaths.Pnm);
        string directory = TestPaths.NewTempDirectory();
        try
        {
            string db = Record("trace.db", directory, scrapeMetrics: true);
            string pnm = Record("trace.pnm", directory, scrapeMetrics: false);

            string[][] commands =
            [
                ["report", db, "--format", "csv"],
                ["report", db, "--format", "json", "--group-by", "tree"],
                ["report", db, "--format", "html", "-o", "{out}/report.html"],
                ["report", db, "--format", "json", "--since", "-2s"],
                ["report", pnm],
                ["report", pnm, "--format", "json"],
                ["timeline", db, "--format", "csv", "--interval", "100ms"],
                ["timeline", pnm, "--format", "json"],
                ["timeline", db, "--format", "csv", "--since", "-2s"],
                ["peaks", db],
                ["protocols", pnm],
                ["connections", db, "--format", "csv"],
                ["diff", db, pnm, "--format", "json"],
                ["diff", db, pnm, "--format", "html", "-o", "{out}/diff.html"],
                ["query", db, "SELECT pid, comm, SUM(bytes) FROM io GROUP BY pid, comm ORDER BY pid"],
                ["query", pnm, "SELECT pid, comm, SUM(bytes) FROM io GROUP BY pid, comm ORDER BY pid", "--format", "json"],
                ["check", db],
                ["check", pnm],
                ["export", db, "-o", "{out}/events.parquet"],
                ["export", pnm, "-o", "{out}/events.csv"],
                ["export", pnm, "-o", "{out}/events.jsonl"],
                ["export", db, pnm, "--dataset", "{out}/dataset"],
                ["convert", db, "-o", "{out}/converted.pnm"],
                ["top", "--replay", pnm, "--speed", "1000", "--format", "jsonl"],
                ["doctor", "--format", "json"],
            ];
            foreach (string[] command in commands)
                AssertSameAnswer(directory, command);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A real capture by the native pnm of known TCP and UDP exchanges, checked against what they counted.</summary>
    private static string Record(string fileName, string directory, bool scrapeMetrics)
    {
        int port = OpenMetricsScrape.FreePort();
        using var session = RecordingSession.StartAs(fileName, scrapeMetrics
            ? ["--metrics-listen", $"127.0.0.1:{port}", "--metrics-group-by", "pid", "--metrics-top", "1000"]
            : Array.Empty<string>());
        var (server, client) = Traffic.Tcp("4", 200_000, 100_000);
        var (udpServer, udpClient) = Traffic.Udp("6", 300, 500);
        if (scrapeMetrics)
            AssertMetricsCount(port, client.Pid, client.Sent);
        session.Stop();

        PnmReport.Of(session.Path).AssertBytesOf(client, server, udpClient, udpServer);
        string kept = Path.Combine(directory, fileName);
        if (File.Exists(session.Path))
            File.Copy(session.Path, kept);
        else
            CopyDirectory(session.Path, kept);
        return kept;
    }

    /// <summary>/metrics counts the client's bytes once the recorder's once-a-second flush has taken them.</summary>
    private static void AssertMetricsCount(int port, int pid, long sent)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        long counted;
        do
        {
            Thread.Sleep(300);
            counted = (long)OpenMetricsScrape.Scrape(port)
                .Where(s => s.Name == "pnm_payload_bytes_total" && s.Labels.GetValueOrDefault("pid") == pid.ToString()
                    && s.Labels.GetValueOrDefault("direction") == "tx")
                .Sum(s => s.Value);
        }
        while (counted != sent && DateTime.UtcNow < deadline);
        Assert.Equal(sent, counted);
    }

    /// <summary>
    /// Runs <paramref name="command"/> with each pnm, "{out}" standing for a folder of its own: the exit codes, the
    /// outputs and every file written must be the same.
    /// </summary>
    private static void AssertSameAnswer(string directory, string[] command)
    {
        string name = string.Join(' ', command);
        var answers = new[] { ("native", TestPaths.Pnm), ("jit", TestPaths.JitPnm) }.Select(build =>
        {
            string output = Path.Combine(directory, build.Item1 + "-" + Math.Abs(name.GetHashCode()));
            Directory.CreateDirectory(output);
            string[] args = command.Select(a => a.Replace("{out}", output, StringComparison.Ordinal)).ToArray();
            var (code, stdout, stderr) = ChildProcess.Run(Timeout, build.Item2, args);
            return (Code: code, Stdout: stdout.Replace(output, "{out}"), Stderr: stderr.Replace(output, "{out}"), Files: FilesUnder(output));
        }).ToArray();
        var (native, jit) = (answers[0], answers[1]);

        Assert.True(jit.Code == 0, $"{name}: the jitted pnm failed ({jit.Code}): {jit.Stderr}");
        Assert.True(native.Code == jit.Code, $"{name}: the native pnm exited {native.Code}, the jitted one {jit.Code}: {native.Stderr}");
        Assert.True(native.Stdout == jit.Stdout, $"{name}: the outputs differ\nnative:\n{native.Stdout}\njit:\n{jit.Stdout}");
        Assert.True(native.Stderr == jit.Stderr, $"{name}: the messages differ\nnative:\n{native.Stderr}\njit:\n{jit.Stderr}");
        Assert.Equal(jit.Files.Keys.Order(), native.Files.Keys.Order());
        foreach (var (file, bytes) in jit.Files)
            Assert.True(bytes.AsSpan().SequenceEqual(native.Files[file]), $"{name}: {file} differs");
    }

    private static Dictionary<string, byte[]> FilesUnder(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(file => Path.GetRelativePath(root, file), File.ReadAllBytes);

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }
}
