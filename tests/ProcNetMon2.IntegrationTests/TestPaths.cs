namespace ProcNetMon2.IntegrationTests;

internal static class TestPaths
{
    /// <summary>pnm and the traffic generator are built next to the tests.</summary>
    public static string Pnm => Path.Combine(AppContext.BaseDirectory, "pnm");
    public static string TrafficGen => Path.Combine(AppContext.BaseDirectory, "pnm-trafficgen");

    public static string NewTempDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), "pnm-it-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }
}
