using System.Text.RegularExpressions;
using ProcNetMon2.Cli;
using Xunit;

namespace ProcNetMon2.Tests.Cli;

/// <summary>How every refusal of pnm must look: one line on stderr starting with "pnm: ", no stack trace, nothing on stdout.</summary>
internal static partial class PnmFailure
{
    /// <summary>Runs pnm in-process; asserts the exit code, an empty stdout and a single error line, and returns that line.</summary>
    public static async Task<string> Of(int expectedCode, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };

        int code = await PnmCli.RunAsync(args, output, error);

        Assert.True(code == expectedCode, $"pnm {string.Join(' ', args)} returned {code}, not {expectedCode}; stderr:\n{error}");
        Assert.Empty(output.ToString());
        return OneErrorLine(error.ToString());
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
