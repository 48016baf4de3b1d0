namespace ProcNetMon2.Tests.Analyze;

/// <summary>
/// Each analysis command's whole output in each format for <see cref="GoldenRecording"/>, run as a user
/// would run it, compared with Golden/COMMAND.FORMAT. Set PNM_UPDATE_GOLDEN=1 to rewrite the files in
/// the source tree after an intended change.
/// </summary>
public sealed class GoldenOutputTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    public static TheoryData<string, string> Runs()
    {
        var runs = new TheoryData<string, string>();
        foreach (string command in new[] { "report", "timeline", "connections", "protocols", "peaks", "report-by-tree" })
            foreach (string format in new[] { "table", "json", "csv" })
                runs.Add(command, format);
        return runs;
    }

    private static string[] Arguments(string command) => command switch
    {
        "timeline" => ["timeline", "--group-by", "comm", "--interval", "1s", "--top", "2"],
        "peaks" => ["peaks", "--group-by", "comm", "--window", "1s", "--step", "500ms", "--top", "2"],
        "report-by-tree" => ["report", "--group-by", "tree,proto"],
        _ => [command],
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task Output_matches_the_golden_file(string command, string format)
    {
        string path = GoldenRecording.Create().WriteTo(directory.File("golden.db"));
        var run = await PnmRun.Of([.. Arguments(command), path, "--format", format]);

        Assert.True(run.Code == 0, run.Error);
        string text = run.Output.Replace(path, GoldenRecording.PathShownInReports);
        GoldenFile.AssertMatches($"{command}.{(format == "table" ? "txt" : format)}", text);
    }

    public void Dispose() => directory.Dispose();
}
