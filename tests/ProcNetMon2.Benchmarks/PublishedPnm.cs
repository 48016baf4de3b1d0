using ProcNetMon2.Tests;

namespace ProcNetMon2.Benchmarks;

/// <summary>
/// The pnm a user runs: published from this checkout by README's command (<see cref="PnmPublish"/>, a native
/// executable), once per benchmark process. The build output next to the benchmark is not it: it is jitted.
/// </summary>
internal static class PublishedPnm
{
    private static readonly Lazy<string> Published = new(() =>
        PnmPublish.To(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pnm-bench-published")));

    public static string Path => Published.Value;
}
