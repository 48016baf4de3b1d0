using System.Diagnostics;
using ProcNetMon2.Tests;

namespace ProcNetMon2.Benchmarks;

/// <summary>
/// The pnm a user runs: published from this checkout by README's command (`dotnet publish cli -c Release -o DIR`, ReadyToRun),
/// once per benchmark process. The build output next to the benchmark is not it: it is not precompiled.
/// </summary>
internal static class PublishedPnm
{
    private static readonly Lazy<string> Published = new(Publish);

    public static string Path => Published.Value;

    private static string Publish()
    {
        string directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pnm-bench-published");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryRoot.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "publish", "cli", "-c", "Release", "-o", directory, "-nologo", "-clp:ErrorsOnly" })
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet publish cli failed ({process.ExitCode}): {output}{error.Result}");
        return System.IO.Path.Combine(directory, "pnm");
    }
}
