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
        int metricsPort = OpenMetricsScrape.FreePort();
        using var session = RecordingSession.StartTop("trace.db", "--format", "jsonl", "--metrics-listen", metricsPort.ToString());
        var (server, client) = Traffic.Tcp("4", 2_000_000, 300_001);
        Assert.Contains(OpenMetricsScrape.Scrape(metricsPort), s => s.Name == "pnm_payload_bytes_total");
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
        // The filter is the kernel's: only processes of that name (other tests' generators may run too).
        Assert.All(report.Pids, pid => Assert.All(report.ProcessNames(pid), name => Assert.Equal("pnm-trafficgen", name)));
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

/// <summary>pnm top's full-screen view in a real terminal (tmux): live rates of a known process, keys, and the terminal given back.</summary>
public sealed class LiveTopScreenTests
{
    [RootFact]
    public void Screen_ShowsAKnownProcessWithRates_SortsOnAKey_AndQuitsBackToTheShell()
    {
        RootRequirement.Ensure();
        using var pane = TmuxPane.StartShell(width: 200, height: 40);
        pane.Run($"NO_COLOR=1 {TestPaths.Pnm} top --comm pnm-trafficgen");
        pane.WaitFor(s => s.Contains("TX/S", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the table's header");

        using var server = Traffic.StartServer("tcp-server", "4", "0", out string port);
        using var client = ChildProcess.Start(TestPaths.TrafficGen, "tcp-steady", "4", port, "2000000", "4");
        var rates = new System.Text.RegularExpressions.Regex($@"(?m)^\s*{client.Pid}\s+pnm-trafficgen\s+(?<tx>\S+ \S+/s)\s+(?<rx>\S+ \S+/s)");
        string screen = pane.WaitFor(s => rates.Match(s) is { Success: true } m && m.Groups["tx"].Value != "0 B/s",
            TimeSpan.FromSeconds(10), $"pid {client.Pid} sending");
        Assert.Contains("host ", screen);
        Assert.Matches(@"TX/S\s+RX/S\s+TX TOTAL", screen);

        pane.Press("s");
        pane.WaitFor(s => s.Contains("sort: txrate", StringComparison.Ordinal) && s.Contains("TX/S ▼", StringComparison.Ordinal),
            TimeSpan.FromSeconds(5), "the sort by tx rate");
        string styled = pane.Capture(escapes: true);
        Assert.DoesNotMatch(@"\x1b\[[0-9;]*(3[0-7]|38;5;\d+|38;2;[\d;]+)m", styled); // NO_COLOR: attributes only, no colour
        Assert.Contains("\x1b[1m", styled);

        // g steps through the groupings: comm, then the process tree (the client started by this test is a root of its own).
        pane.Press("g");
        pane.WaitFor(s => s.Contains("group: comm", StringComparison.Ordinal), TimeSpan.FromSeconds(5), "the grouping by comm");
        pane.Press("g");
        pane.WaitFor(s => s.Contains("group: tree_pid,tree_comm", StringComparison.Ordinal) && s.Contains("TREE PID", StringComparison.Ordinal) && rates.IsMatch(s),
            TimeSpan.FromSeconds(5), "the grouping by process tree");

        // Narrower: the rows stay one line each (the columns that do not fit are left out, nothing wraps).
        pane.Resize(70, 40);
        pane.WaitFor(s => !s.Contains("REMOTE", StringComparison.Ordinal) && s.Contains("TX/S", StringComparison.Ordinal)
                          && rates.IsMatch(s) && s.Split('\n').All(line => line.TrimEnd().Length <= 70),
            TimeSpan.FromSeconds(5), "the view redrawn for 70 columns");

        pane.Press("q");
        pane.WaitFor(_ => pane.CurrentCommand == "sh", TimeSpan.FromSeconds(30), "the shell again after q");
        Assert.False(pane.AlternateScreen);
        Assert.DoesNotContain("TX/S", pane.Capture());
        Assert.Equal(0, client.WaitForExit(TimeSpan.FromSeconds(30)));
    }

    [RootFact]
    public void CtrlC_GivesTheTerminalBackAsItWas() => StopGivesTheTerminalBack(pane => pane.Press("C-c"));

    [RootFact]
    public void Sigterm_GivesTheTerminalBackAsItWas() => StopGivesTheTerminalBack(pane => Native.Kill(pane.ShellChildPid(), Native.SIGTERM));

    private static void StopGivesTheTerminalBack(Action<TmuxPane> stop)
    {
        RootRequirement.Ensure();
        using var directory = new TempDirectory();
        using var pane = TmuxPane.StartShell(width: 120, height: 30);
        pane.Run($"stty -g > {Path.Combine(directory.Path, "before")}; {TestPaths.Pnm} top --comm pnm-trafficgen; stty -g > {Path.Combine(directory.Path, "after")}");
        pane.WaitFor(s => s.Contains("TX/S", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the table's header");
        Assert.True(pane.AlternateScreen);

        stop(pane);
        pane.WaitFor(_ => File.Exists(Path.Combine(directory.Path, "after")) && new FileInfo(Path.Combine(directory.Path, "after")).Length > 0,
            TimeSpan.FromSeconds(30), "the shell again after the stop");
        Assert.False(pane.AlternateScreen);
        Assert.Equal(File.ReadAllText(Path.Combine(directory.Path, "before")), File.ReadAllText(Path.Combine(directory.Path, "after")));
    }
}
