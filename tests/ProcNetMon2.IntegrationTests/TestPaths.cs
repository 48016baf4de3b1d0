using ProcNetMon2.Tests;

namespace ProcNetMon2.IntegrationTests;

internal static class TestPaths
{
    private static readonly Lazy<string> Published = new(PublishedPnm);

    /// <summary>
    /// The pnm a user runs: README's publish of this checkout, a native executable. tests/run publishes it once and
    /// names its folder in PNM_PUBLISHED; without that, the first test that runs pnm publishes it (a minute or two).
    /// </summary>
    public static string Pnm => Published.Value;

    /// <summary>The jitted pnm built next to the tests: what <see cref="NativePnmTests"/> compares the native one with.</summary>
    public static string JitPnm => Path.Combine(AppContext.BaseDirectory, "pnm");

    public static string TrafficGen => Path.Combine(AppContext.BaseDirectory, "pnm-trafficgen");

    public static string NewTempDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), "pnm-it-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }

    private static string PublishedPnm()
    {
        if (Environment.GetEnvironmentVariable("PNM_PUBLISHED") is { Length: > 0 } given)
        {
            string pnm = Path.Combine(given, "pnm");
            if (!File.Exists(pnm))
                throw new InvalidOperationException($"PNM_PUBLISHED={given} holds no pnm: run dotnet publish cli -c Release -o {given}");
            return pnm;
        }
        string directory = NewTempDirectory();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(directory, recursive: true);
        return PnmPublish.To(directory);
    }
}
