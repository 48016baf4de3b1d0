using System.ComponentModel;
using System.Diagnostics;

namespace ProcNetMon2.Tests;

internal sealed record CommandResult(int ExitCode, string Output, string Error);

/// <summary>Runs a program to completion and collects what it printed.</summary>
internal static class ExternalCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    public static CommandResult Run(string program, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"cannot run {program}: {e.Message}", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} did not finish within {Timeout.TotalSeconds} s");
            }
            process.WaitForExit();
            return new CommandResult(process.ExitCode, output.Result, error.Result);
        }
    }
}
