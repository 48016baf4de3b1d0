using System.Diagnostics;

namespace ProcNetMon2.Tests;

/// <summary>
/// README's `dotnet publish cli -c Release -o DIR` run on this checkout: the pnm a user runs, a native executable
/// (NativeAOT), not the jitted build output next to the tests.
/// </summary>
internal static class PnmPublish
{
    /// <summary>Publishes into <paramref name="directory"/> (a minute or two) and returns the path of its pnm.</summary>
    public static string To(string directory)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryRoot.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "publish", "cli", "-c", "Release", "-o", directory, "-nologo", "-clp:ErrorsOnly" })
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet publish cli failed ({process.ExitCode}): {output}{error.Result}");
        return Path.Combine(directory, "pnm");
    }
}
