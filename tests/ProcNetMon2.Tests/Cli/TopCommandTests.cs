using ProcNetMon2.Cli;

namespace ProcNetMon2.Tests.Cli;

/// <summary>pnm top's refusals (one line, the right exit code, before any capture) and its replay through the in-process writers.</summary>
public sealed class TopCommandTests
{
    private const int BadUsage = (int)ReturnCode.BadUsage, Failed = (int)ReturnCode.Failed;

    [Theory]
    [InlineData("needs a terminal", "top", "--replay", "x.db", "--format", "screen")]
    [InlineData("cannot also record", "top", "--replay", "x.db", "-o", "y.db")]
    [InlineData("at least 1s when capturing", "top", "--interval", "100ms")]
    [InlineData("--group-by: unknown field 'bogus'", "top", "--group-by", "pid,bogus")]
    [InlineData("--metrics-group-by: unknown field 'bogus'", "top", "--metrics-listen", "9464", "--metrics-group-by", "bogus")]
    [InlineData("--speed takes a positive number", "top", "--replay", "x.db", "--speed", "0")]
    [InlineData("--metrics-listen takes ADDR:PORT or PORT", "top", "--metrics-listen", "localhost")]
    [InlineData("--metrics-top takes a number from 1 to 10000", "record", "-o", "x.db", "--metrics-listen", "9464", "--metrics-top", "0")]
    public async Task Bad_usage_is_one_line_and_exit_2(string message, params string[] args) =>
        Assert.Contains(message, await PnmFailure.Of(BadUsage, args));

    [Fact]
    public async Task A_missing_recording_to_replay_is_one_line_and_exit_1() =>
        Assert.Contains("no such recording", await PnmFailure.Of(Failed, "top", "--replay", Path.Combine(Path.GetTempPath(), "pnm-missing-" + Guid.NewGuid(), "x.db")));

    [Fact]
    public async Task Replay_as_a_table_shows_each_interval_with_the_groups_and_their_totals()
    {
        using var directory = new TemporaryDirectory();
        string path = new TestRecording()
            .Process(1, 100, "curl").Process(2, 200, "nginx")
            .Socket(Analyze.TrafficReportTests.Socket(10, 1)).Socket(Analyze.TrafficReportTests.Socket(20, 2))
            .Tx(0.5, 1, 10, 2048).Rx(1.5, 2, 20, 512)
            .StoppedAt(2)
            .WriteTo(directory.File("trace.db"));

        var run = await PnmRun.Of("top", "--replay", path, "--speed", "1000", "--format", "table", "--group-by", "comm");

        Assert.Equal(0, run.Code);
        string[] blocks = run.Output.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, blocks.Length);
        Assert.StartsWith("time 2025-01-01 00:00:01Z  host test-host  backend fentry", blocks[0]);
        Assert.Matches(@"(?m)^curl\s+2\.0 KiB/s\s+0 B/s\s+2\.0 KiB\s+0 B\s", blocks[0]);
        Assert.Matches(@"(?m)^nginx\s+0 B/s\s+512 B/s\s+0 B\s+512 B\s", blocks[1]);
    }
}
