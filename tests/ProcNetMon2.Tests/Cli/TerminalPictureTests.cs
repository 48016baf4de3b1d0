using System.Diagnostics;
using ProcNetMon2.Tests.Analyze;

namespace ProcNetMon2.Tests.Cli;

/// <summary>
/// `pnm timeline`'s sparklines: in a terminal (a tmux pane) one row per group follows the table, with block characters;
/// in a pipe the output has neither the sparklines nor the bars.
/// </summary>
public sealed class TerminalPictureTests : IDisposable
{
    private static readonly string Pnm = Path.Combine(AppContext.BaseDirectory, "pnm");
    private readonly TemporaryDirectory directory = new();

    [Fact]
    public void A_timeline_on_a_terminal_ends_with_a_sparkline_per_group()
    {
        Tmux.Ensure();
        string recording = GoldenRecording.Create().WriteTo(directory.File("golden.db")), log = directory.File("done");
        string session = $"pnm-spark-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40];
        string script = $"'{Pnm}' timeline '{recording}' --group-by comm 2> /dev/null; echo $? > '{log}'; sleep 60";
        Tmux.Run("new-session", "-d", "-s", session, "-x", "200", "-y", "60", script);
        try
        {
            var clock = Stopwatch.StartNew();
            while (!File.Exists(log) && clock.Elapsed < TimeSpan.FromSeconds(60))
                Thread.Sleep(100);
            Assert.True(File.Exists(log), "pnm timeline did not finish in 60 s");
            Thread.Sleep(200);
            var lines = Tmux.Run("capture-pane", "-p", "-t", session).Split('\n').Select(l => l.TrimEnd()).ToList();

            Assert.Equal("0", File.ReadAllText(log).Trim());
            int header = lines.FindIndex(l => l.Contains("RATE OVER TIME"));
            Assert.True(header >= 0, "no sparklines:\n" + string.Join('\n', lines));
            var groups = lines.Skip(header + 1).Where(l => l.Length > 0).ToList();
            Assert.NotEmpty(groups);
            Assert.All(groups, l => Assert.Contains('█', l)); // every group's busiest interval is a full block
        }
        finally
        {
            Tmux.Run("kill-session", "-t", session);
        }
    }

    [Fact]
    public void A_timeline_in_a_pipe_has_no_sparklines_and_no_bars()
    {
        string recording = GoldenRecording.Create().WriteTo(directory.File("golden.db"));

        var run = ExternalCommand.Run(Pnm, ["timeline", recording, "--group-by", "comm"]);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("TX RATE", run.Output);
        Assert.DoesNotContain("RATE OVER TIME", run.Output);
        Assert.DoesNotContain("RATE BAR", run.Output);
        Assert.DoesNotContain(run.Output, c => c is >= '▁' and <= '█');
    }

    public void Dispose() => directory.Dispose();
}
