using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;

namespace ProcNetMon2.IntegrationTests;

/// <summary>
/// `pnm record` on a terminal (a tmux pane) shows one status line redrawn in place and clears it before its closing
/// line; with stderr a pipe it prints only its two usual lines.
/// </summary>
public sealed partial class RecordStatusLineTests
{
    [GeneratedRegex(@"^recording 00:00:0\d  [\d,]+ events  [\d,]+ events/s  [\d.]+ (B|KiB|MiB|GiB) on disk  [\d,]+ lost\s*$")]
    private static partial Regex StatusLine();

    [RootFact]
    public void On_a_terminal_one_status_line_is_redrawn_and_cleared_at_the_end()
    {
        RootRequirement.Ensure();
        ToolRequirement.Ensure("tmux");
        string directory = TestPaths.NewTempDirectory(), path = Path.Combine(directory, "status.pnm"), done = Path.Combine(directory, "done");
        string session = $"pnm-status-{Guid.NewGuid():N}"[..24];
        try
        {
            ChildProcess.RunOrFail("tmux", "new-session", "-d", "-s", session, "-x", "160", "-y", "20",
                $"'{TestPaths.Pnm}' record -o '{path}' --duration 4s; echo $? > '{done}'; sleep 60");
            var screens = new List<string>();
            var clock = Stopwatch.StartNew();
            while (!File.Exists(done) && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                screens.Add(Pane(session));
                Thread.Sleep(250);
            }
            Assert.True(File.Exists(done), "pnm record did not finish in 60 s");
            Thread.Sleep(300);
            var last = Pane(session).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).ToList();

            Assert.Equal("0", File.ReadAllText(done).Trim());
            var statusScreens = screens.Select(s => s.Split('\n').Where(l => StatusLine().IsMatch(l)).ToList()).Where(l => l.Count > 0).ToList();
            Assert.True(statusScreens.Count >= 2, $"the status line was seen on {statusScreens.Count} screens; the last:\n{screens.LastOrDefault()}");
            // One line, redrawn in place: never two on a screen, and it changes as the seconds go.
            Assert.All(statusScreens, lines => Assert.Single(lines));
            Assert.True(statusScreens.Select(l => l[0]).Distinct().Count() >= 2, "the status line never changed");
            Assert.Equal(2, last.Count);
            Assert.StartsWith("pnm: recording to", last[0]);
            Assert.StartsWith("pnm: recorded", last[1]);
        }
        finally
        {
            ChildProcess.Run(TimeSpan.FromSeconds(10), "tmux", "kill-session", "-t", session);
            Directory.Delete(directory, recursive: true);
        }
    }

    [RootFact]
    public void With_stderr_a_pipe_there_is_no_status_line()
    {
        RootRequirement.Ensure();
        string directory = TestPaths.NewTempDirectory();
        try
        {
            var (code, stdout, stderr) = ChildProcess.Run(TimeSpan.FromSeconds(60), TestPaths.Pnm, "record", "-o", Path.Combine(directory, "piped.pnm"), "--duration", "3s");

            Assert.True(code == 0, stderr);
            Assert.Empty(stdout);
            var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, lines.Length);
            Assert.StartsWith("pnm: recording to", lines[0]);
            Assert.StartsWith("pnm: recorded", lines[1]);
            Assert.DoesNotContain('\u001b', stderr);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Pane(string session)
    {
        var (code, stdout, stderr) = ChildProcess.Run(TimeSpan.FromSeconds(10), "tmux", "capture-pane", "-p", "-t", session);
        Assert.True(code == 0, stderr);
        return stdout;
    }
}
