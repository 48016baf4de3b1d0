using System.Diagnostics;
using ProcNetMon2.Tests.Analyze;

namespace ProcNetMon2.Tests.Cli;

/// <summary>
/// The progress bar of long work: on a terminal (a tmux pane) a long export shows one, with its percentage and rate;
/// with stderr a pipe the same export prints nothing but its closing line.
/// </summary>
public sealed class ProgressTests : IDisposable
{
    // Enough events that a Parquet export takes well over the second before a bar appears, even on a fast machine.
    private const int Events = 5_000_000;
    private static readonly string Pnm = Path.Combine(AppContext.BaseDirectory, "pnm");
    private readonly TemporaryDirectory directory = new();

    /// <summary>A segment recording of <see cref="Events"/> events over ten minutes, eight processes with a socket each.</summary>
    private string LargeRecording()
    {
        string path = directory.File("large.pnm");
        var template = new TestRecording().StoppedAt(600);
        using var sink = RecordingFile.Create(path);
        sink.Begin(template.Info with { StoppedNs = null });
        for (int p = 1; p <= 8; p++)
        {
            sink.UpsertProcess(TrafficReportTests.Proc(p, 1000 + p, $"worker{p}"));
            sink.UpsertSocket(TrafficReportTests.Socket(p, p));
        }
        var batch = new IoEvent[100_000];
        long step = 600 * TestRecording.NanosecondsPerSecond / Events;
        for (int written = 0; written < Events; written += batch.Length)
        {
            for (int i = 0; i < batch.Length; i++)
            {
                long n = written + i;
                batch[i] = new IoEvent(TestRecording.StartedNs + n * step, n % 8 + 1, 1000, n % 8 + 1, (Direction)(n % 2), 100 + n % 1000);
            }
            sink.AddEvents(batch);
            sink.Flush();
        }
        sink.Finish(TestRecording.At(600));
        return path;
    }

    [Fact]
    public void A_long_export_on_a_terminal_shows_a_progress_bar_that_is_cleared_when_done()
    {
        Tmux.Ensure();
        string recording = LargeRecording(), exported = directory.File("events.parquet"), log = directory.File("done");
        string session = $"pnm-progress-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40];
        // Only stderr goes to the pane; the exit code is written where the test can wait for it.
        string script = $"'{Pnm}' export '{recording}' -o '{exported}' > /dev/null; echo $? > '{log}'; sleep 60";
        Tmux.Run("new-session", "-d", "-s", session, "-x", "160", "-y", "20", script);
        try
        {
            var screens = new List<string>();
            var clock = Stopwatch.StartNew();
            while (!File.Exists(log) && clock.Elapsed < TimeSpan.FromSeconds(90))
            {
                screens.Add(Tmux.Run("capture-pane", "-p", "-t", session));
                Thread.Sleep(200);
            }
            Assert.True(File.Exists(log), "the export did not finish in 90 s");
            Thread.Sleep(300);
            string last = Tmux.Run("capture-pane", "-p", "-t", session);

            Assert.Equal("0", File.ReadAllText(log).Trim());
            string? bar = screens.SelectMany(s => s.Split('\n')).FirstOrDefault(l => l.Contains("export") && l.Contains('%') && l.Contains("events/s"));
            Assert.True(bar is not null, $"no progress bar was seen in {screens.Count} screens; the last:\n{screens.LastOrDefault()}");
            Assert.Contains("━", bar);
            // Cleared at the end: only the closing line is left.
            Assert.Equal([$"pnm: exported {Events} rows to {exported}"], last.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()));
        }
        finally
        {
            Tmux.Run("kill-session", "-t", session);
        }
    }

    [Fact]
    public void With_stderr_not_a_terminal_a_long_export_prints_only_its_closing_line()
    {
        string recording = LargeRecording(), exported = directory.File("events.parquet");
        var clock = Stopwatch.StartNew();

        var run = ExternalCommand.Run(Pnm, ["export", recording, "-o", exported]);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(1), $"the export took {clock.Elapsed.TotalSeconds:0.00} s: too short to show that no bar appears");
        Assert.Equal($"pnm: exported {Events} rows to {exported}\n", run.Error);
        Assert.Empty(run.Output);
    }

    public void Dispose() => directory.Dispose();
}

/// <summary>tmux, which gives a program a real terminal the test can read.</summary>
internal static class Tmux
{
    public static void Ensure()
    {
        bool found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, "tmux")));
        Assert.True(found, "tmux is not installed: run tests/install-prerequisites.sh (apt-get install tmux) to run this test");
    }

    public static string Run(params string[] arguments)
    {
        var result = ExternalCommand.Run("tmux", arguments);
        Assert.True(result.ExitCode == 0, $"tmux {string.Join(' ', arguments)}: {result.Error}");
        return result.Output;
    }
}
