namespace ProcNetMon2.Tests.Analyze.Diff;

/// <summary>
/// pnm diff's whole output in each format for <see cref="DiffTestRecordings"/>, run as a user would run it, compared
/// with Golden/diff*.FORMAT beside the other commands' golden files. PNM_UPDATE_GOLDEN=1 rewrites them.
/// </summary>
public sealed class DiffGoldenOutputTests : IDisposable
{
    private const string BaseShown = "fixtures/base.db", NewShown = "fixtures/new.db";
    private readonly TemporaryDirectory directory = new();

    public static TheoryData<string, string> Runs()
    {
        var runs = new TheoryData<string, string>();
        foreach (string variant in new[] { "diff", "diff-totals" })
            foreach (string format in new[] { "table", "json", "csv" })
                runs.Add(variant, format);
        return runs;
    }

    private static string[] Options(string variant) => variant switch
    {
        "diff-totals" => ["--totals", "--metrics", "total_bytes,sockets,connections,retransmits", "--sort", "total_bytes_delta"],
        _ => [],
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task Output_matches_the_golden_file(string variant, string format)
    {
        string basePath = DiffTestRecordings.Base().WriteTo(directory.File("base.db"));
        string newPath = DiffTestRecordings.New().WriteTo(directory.File("new.db"));
        var run = await PnmRun.Of(["diff", basePath, newPath, .. Options(variant), "--format", format]);

        Assert.True(run.Code == 0, run.Error);
        string text = run.Output.Replace(basePath, BaseShown).Replace(newPath, NewShown);
        GoldenFile.AssertMatches($"{variant}.{(format == "table" ? "txt" : format)}", text);
    }

    public void Dispose() => directory.Dispose();
}
