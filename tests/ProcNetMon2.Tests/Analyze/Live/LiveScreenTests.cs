using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Live;
using Spectre.Console;

namespace ProcNetMon2.Tests.Analyze.Live;

/// <summary>One frame of the full-screen view: it fits the terminal, whatever its size.</summary>
public sealed class LiveScreenTests
{
    [Theory]
    [InlineData(200, 30)]
    [InlineData(60, 30)]
    [InlineData(60, 8)]
    public void A_frame_never_wraps_and_never_exceeds_the_terminal(int width, int height)
    {
        var board = new LiveBoard(new LiveGroups([GroupField.Pid]), TimeSpan.FromSeconds(10));
        board.Add(new LiveSnapshot
        {
            Info = new TestRecording().Info with { Backend = "sock_io:tracepoint,process:tracepoint,connections:tracepoint,packets:cgroup_skb" },
            StartNs = TestRecording.At(0),
            EndNs = TestRecording.At(1),
            Pairs = Enumerable.Range(1, 10).Select(i => new PairTraffic(
                new ProcessRecord { ProcessId = i, Pid = 1000 + i, Comm = "a-long-process-name", FirstSeenNs = TestRecording.StartedNs },
                null, new ByteCounts(i * 100_000, i), default)).ToList(),
            Health = new RecorderHealth(),
        });

        string[] lines = Render(LiveScreen.Render(board, new LiveScreenState(false, false, null, TimeSpan.FromSeconds(1)), width, height), width);

        Assert.True(lines.Length <= height, $"{lines.Length} lines for a height of {height}");
        Assert.All(lines, line => Assert.True(line.Length <= width, $"'{line}' is wider than {width}"));
        Assert.Contains(lines, l => l.StartsWith("pnm top", StringComparison.Ordinal));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s*1010 a-long-process-name\s+976\.6 KiB/s"));
        Assert.Equal(width >= 120, lines.Any(l => l.Contains("REMOTE", StringComparison.Ordinal)));
        Assert.Equal(height < 16, lines.Last().StartsWith("(+", StringComparison.Ordinal));
    }

    private static string[] Render(Spectre.Console.Rendering.IRenderable frame, int width)
    {
        var output = new StringWriter { NewLine = "\n" };
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = width;
        console.Write(frame);
        return output.ToString().TrimEnd('\n').Split('\n').Select(l => l.TrimEnd()).ToArray();
    }
}
