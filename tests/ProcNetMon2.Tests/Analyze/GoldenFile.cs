using System.Runtime.CompilerServices;

namespace ProcNetMon2.Tests.Analyze;

/// <summary>The golden files in Analyze/Golden: an output is compared with one, or rewrites it in the source tree when PNM_UPDATE_GOLDEN=1.</summary>
internal static class GoldenFile
{
    /// <param name="exactLineEndings">Compare the line ends too (an export format defines its own); otherwise the file's read as \n.</param>
    public static void AssertMatches(string name, string actual, bool exactLineEndings = false)
    {
        if (Environment.GetEnvironmentVariable("PNM_UPDATE_GOLDEN") == "1")
            File.WriteAllText(Path.Combine(SourceDirectory(), name), actual);
        string expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Analyze", "Golden", name));
        Assert.Equal(exactLineEndings ? expected : expected.ReplaceLineEndings("\n"), actual);
    }

    private static string SourceDirectory([CallerFilePath] string thisFile = "") => Path.Combine(Path.GetDirectoryName(thisFile)!, "Golden");
}
