using ProcNetMon2.Cli;

namespace ProcNetMon2.Tests;

/// <summary>What one in-process run of pnm returned and printed.</summary>
internal sealed record PnmRun(int Code, string Output, string Error)
{
    public static async Task<PnmRun> Of(params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        int code = await PnmCli.RunAsync(args, output, error);
        return new PnmRun(code, output.ToString(), error.ToString());
    }
}
