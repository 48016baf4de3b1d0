using ProcNetMon2.Cli;
using ProcNetMon2.Tests.Analyze;

namespace ProcNetMon2.Tests.Cli;

/// <summary>Every refusal of an analysis command is one line on stderr starting with "pnm: " and a non-zero exit code.</summary>
public sealed class AnalysisErrorTests : IDisposable
{
    private const int BadUsage = (int)ReturnCode.BadUsage, Failed = (int)ReturnCode.Failed;
    private readonly TemporaryDirectory directory = new();

    private string Recording() => GoldenRecording.Create().WriteTo(directory.File($"{Guid.NewGuid():N}.db"));

    [Theory]
    [InlineData("report", "--group-by", "planet", "--group-by: unknown field 'planet'")]
    [InlineData("report", "--since", "yesterday", "--since: 'yesterday' is not a time")]
    [InlineData("timeline", "--interval", "25h", "--interval takes a duration from 1ms to 24h")]
    [InlineData("timeline", "--interval", "0s", "'0s' is not a duration")]
    [InlineData("report", "--remote", "10.0.0.0/99", "--remote: '10.0.0.0/99' is neither an address nor a CIDR block")]
    [InlineData("report", "--proto", "sctp", "--proto takes tcp or udp")]
    [InlineData("report", "--port", "70000", "--port takes ports from 1 to 65535")]
    [InlineData("connections", "--top", "0", "--top takes a positive number")]
    [InlineData("report", "--sort", "bytes", "--sort: no column 'bytes'; columns: pid, comm, tx_bytes")]
    [InlineData("report", "--columns", "pid,nope", "--columns: no column 'nope'")]
    [InlineData("peaks", "--window", "1s", "--window must be a whole number of --step lengths")]
    [InlineData("protocols", "--format", "xml", "Argument 'xml' not recognized")]
    [InlineData("timeline", "--format", "html", "Argument 'html' not recognized")]
    [InlineData("report", "--format", "html", "--format html writes a file: give it with -o FILE.html")]
    public async Task Bad_options_are_one_line(string command, string option, string value, string expected)
    {
        string[] args = command == "peaks" ? [command, Recording(), option, value, "--step", "300ms"] : [command, Recording(), option, value];

        string error = await Fails(BadUsage, args);

        Assert.Contains(expected, error);
    }

    [Theory]
    [InlineData("report")]
    [InlineData("timeline")]
    [InlineData("connections")]
    [InlineData("protocols")]
    [InlineData("peaks")]
    public async Task A_missing_recording_is_one_line(string command)
    {
        string missing = directory.File("missing.db");

        Assert.Equal($"pnm: no such recording: {missing}", await Fails(Failed, command, missing));
    }

    [Fact]
    public async Task A_file_that_is_not_a_recording_is_one_line()
    {
        string junk = directory.File("junk.db");
        await File.WriteAllTextAsync(junk, "hello");

        Assert.Equal($"pnm: {junk} is not a pnm recording", await Fails(Failed, "timeline", junk));
    }

    [Fact]
    public async Task An_html_report_over_an_existing_file_is_refused_without_force_and_written_with_it()
    {
        string recording = Recording(), page = directory.File("page.html");
        await File.WriteAllTextAsync(page, "old");

        Assert.Equal($"pnm: {page} already exists: pass --force to overwrite it", await Fails(Failed, "report", recording, "--format", "html", "-o", page));
        Assert.Equal("old", await File.ReadAllTextAsync(page));
        var run = await PnmRun.Of("report", recording, "--format", "html", "-o", page, "--force");
        Assert.True(run.Code == 0, run.Error);
        Assert.Empty(run.Output);
        Assert.StartsWith("<!DOCTYPE html>", await File.ReadAllTextAsync(page));
    }

    [Theory]
    [InlineData("json")]
    [InlineData("csv")]
    [InlineData("table")]
    public async Task Report_with_an_output_file_writes_there_what_it_prints_otherwise(string format)
    {
        string recording = Recording(), file = directory.File($"report.{format}");
        var printed = await PnmRun.Of("report", recording, "--format", format);

        var written = await PnmRun.Of("report", recording, "--format", format, "-o", file);

        Assert.True(written.Code == 0, written.Error);
        Assert.Empty(written.Output);
        Assert.Equal(printed.Output, await File.ReadAllTextAsync(file));
        Assert.False(File.Exists(file + ".partial"));
    }

    private static Task<string> Fails(int expectedCode, params string[] args) => PnmFailure.Of(expectedCode, args);

    public void Dispose() => directory.Dispose();
}
