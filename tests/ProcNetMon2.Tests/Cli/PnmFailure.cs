using System.Text.RegularExpressions;

namespace ProcNetMon2.Tests.Cli;

/// <summary>How every refusal of pnm must look: one line on stderr starting with "pnm: ", no stack trace, nothing on stdout.</summary>
internal static partial class PnmFailure
{
    /// <summary>Runs pnm in-process; asserts the exit code, an empty stdout and a single error line, and returns that line.</summary>
    public static async Task<string> Of(int expectedCode, params string[] args)
    {
        var run = await PnmRun.Of(args);

        Assert.True(run.Code == expectedCode, $"pnm {string.Join(' ', args)} returned {run.Code}, not {expectedCode}; stderr:\n{run.Error}");
        Assert.Empty(run.Output);
        return OneErrorLine(run.Error);
    }

    public static string OneErrorLine(string stderr)
    {
        Assert.DoesNotContain("   at ", stderr);
        Assert.DoesNotMatch(ExceptionTypeName(), stderr);
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("pnm: ", line);
        return line;
    }

    [GeneratedRegex(@"\w+Exception\b")]
    private static partial Regex ExceptionTypeName();
}
