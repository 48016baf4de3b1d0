using System.Text.RegularExpressions;
using ProcNetMon2.Tests.Analyze;

namespace ProcNetMon2.Tests.Cli;

/// <summary>Every SQL statement docs/usage.md shows (pnm query or sqlite3) runs unchanged against a SQLite recording pnm writes now.</summary>
public sealed partial class UsageSqlExamplesTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    public static TheoryData<string> Statements()
    {
        var statements = new TheoryData<string>();
        foreach (Match example in Example().Matches(File.ReadAllText(RepositoryRoot.File("docs", "usage.md"))))
            statements.Add(example.Groups["sql"].Value);
        return statements;
    }

    [Fact]
    public void The_usage_guide_has_sql_examples() => Assert.True(Statements().Count >= 4, $"{Statements().Count} examples found");

    [Theory]
    [MemberData(nameof(Statements))]
    public async Task A_documented_statement_runs_on_a_new_recording(string sql)
    {
        string db = GoldenRecording.Create().WriteTo(directory.File("golden.db"));

        var run = await PnmRun.Of("query", db, sql, "--format", "csv");

        Assert.True(run.Code == 0, $"{sql}\n{run.Error}");
        Assert.Equal("", run.Error);
        Assert.NotEmpty(run.Output);
    }

    // `$ pnm query trace.db "…"` or `sqlite3 x.db "…"`, the statement spanning lines up to its closing quote.
    [GeneratedRegex("(?:pnm query|sqlite3) \\S+ \"(?<sql>(?:SELECT|WITH)\\b[^\"]+)\"")]
    private static partial Regex Example();

    public void Dispose() => directory.Dispose();
}
