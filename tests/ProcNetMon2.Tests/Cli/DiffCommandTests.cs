using ProcNetMon2.Cli;
using ProcNetMon2.Tests.Analyze;
using ProcNetMon2.Tests.Analyze.Diff;

namespace ProcNetMon2.Tests.Cli;

/// <summary>pnm diff as a user runs it: the exit codes of --fail-if, its usage errors, two windows of one recording.</summary>
public sealed class DiffCommandTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    private (string Base, string New) Recordings() => (
        DiffTestRecordings.Base().WriteTo(directory.File($"{Guid.NewGuid():N}.db")),
        DiffTestRecordings.New().WriteTo(directory.File($"{Guid.NewGuid():N}.db")));

    [Fact]
    public async Task A_tripped_condition_exits_3_with_one_line_per_condition()
    {
        var (before, after) = Recordings();

        var run = await PnmRun.Of("diff", before, after, "--fail-if", "avg_rate of curl up 100%", "--fail-if", "new program",
            "--fail-if", "avg_rate down 50%");

        Assert.Equal((int)ReturnCode.ConditionTripped, run.Code);
        Assert.Contains("matched", run.Output);
        Assert.Equal(
            "pnm: fail-if 'avg_rate of curl up 100%': curl: avg_rate 500 B/s -> 1.5 KiB/s (~, p=0.8026)\n" +
            "pnm: fail-if 'new program': 1 new program: nc\n",
            run.Error);
    }

    [Fact]
    public async Task Conditions_that_hold_exit_0()
    {
        var (before, after) = Recordings();

        var run = await PnmRun.Of("diff", before, after, "--fail-if", "avg_rate up 300%", "--fail-if", "new app");

        Assert.Equal(0, run.Code);
        Assert.Empty(run.Error);
    }

    [Theory]
    [InlineData("avg_rate up lots", "--fail-if: 'avg_rate up lots' is not a condition; use METRIC [of GROUP] up|down")]
    [InlineData("bytes up 5%", "--fail-if: no metric 'bytes'; metrics: avg_tx_rate")]
    public async Task A_bad_condition_is_a_one_line_usage_error(string condition, string expected)
    {
        var (before, after) = Recordings();

        string error = await PnmFailure.Of((int)ReturnCode.BadUsage, "diff", before, after, "--fail-if", condition);

        Assert.Contains(expected, error);
    }

    [Theory]
    [InlineData("--base-window", "yesterday..today", "--base-window: 'yesterday..today' is not START..END")]
    [InlineData("--metrics", "speed", "--metrics: no metric 'speed'")]
    [InlineData("--alpha", "1.5", "--alpha takes a probability between 0 and 1")]
    public async Task Bad_options_are_one_line(string option, string value, string expected)
    {
        var (before, after) = Recordings();

        Assert.Contains(expected, await PnmFailure.Of((int)ReturnCode.BadUsage, "diff", before, after, option, value));
    }

    [Fact]
    public async Task One_recording_needs_two_windows()
    {
        var (before, _) = Recordings();

        Assert.Equal("pnm: diff: give NEW, or --base-window and --new-window to compare two windows of BASE",
            await PnmFailure.Of((int)ReturnCode.BadUsage, "diff", before, "--base-window", "..+1s"));
    }

    [Fact]
    public async Task Two_windows_of_one_recording_are_compared_like_two_recordings()
    {
        string path = new TestRecording().StoppedAt(4).Process(1, 10, "app")
            .Tx(0.5, 1, socketId: 1, bytes: 100).Tx(1.5, 1, socketId: 1, bytes: 100)
            .Tx(2.5, 1, socketId: 1, bytes: 400).Tx(3.5, 1, socketId: 1, bytes: 400)
            .WriteTo(directory.File("one.db"));

        var run = await PnmRun.Of("diff", path, "--base-window", "..+2s", "--new-window", "2025-01-01T00:00:02Z..", "--totals",
            "--metrics", "total_bytes", "--columns", "comm,status,total_bytes_base,total_bytes_new,total_bytes_delta", "--format", "csv");

        Assert.True(run.Code == 0, run.Error);
        Assert.Equal("comm,status,total_bytes_base,total_bytes_new,total_bytes_delta\n,all,200,800,600\napp,matched,200,800,600\n", run.Output);
    }

    [Fact]
    public async Task Csv_output_leaves_warnings_to_stderr()
    {
        var (before, after) = Recordings();

        var run = await PnmRun.Of("diff", before, after, "--group-by", "pid", "--format", "csv");

        Assert.Equal(0, run.Code);
        Assert.StartsWith("pnm: warning: grouped by pid", run.Error);
    }

    [Fact]
    public async Task Top_and_sort_shape_the_groups_and_keep_the_whole_first()
    {
        var (before, after) = Recordings();

        var run = await PnmRun.Of("diff", before, after, "--sort", "avg_rate_delta:asc", "--top", "1", "--columns", "comm,status", "--format", "csv");

        Assert.Equal("comm,status\n,all\nsshd,gone\n", run.Output);
    }

    public void Dispose() => directory.Dispose();
}
