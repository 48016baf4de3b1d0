using System.CommandLine;

namespace ProcNetMon2.Cli.Commands;

/// <summary>Value checks that the capture and the analysis commands share.</summary>
internal static class OptionChecks
{
    public static void TakesPositivePids(this Option<int[]> pids) => pids.Validators.Add(r =>
    {
        if (r.GetValueOrDefault<int[]>()?.Any(p => p <= 0) == true)
            r.AddError("--pid takes positive process ids");
    });

    public static void TakesPorts(this Option<int[]> ports) => ports.Validators.Add(r =>
    {
        if (r.GetValueOrDefault<int[]>()?.Any(p => p is < 1 or > 65535) == true)
            r.AddError("--port takes ports from 1 to 65535");
    });
}
