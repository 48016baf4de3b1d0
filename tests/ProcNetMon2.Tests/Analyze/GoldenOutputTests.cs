using System.Runtime.CompilerServices;
using ProcNetMon2.Analyze.Rendering;
using ProcNetMon2.Tests.Schema;
using Xunit;

namespace ProcNetMon2.Tests.Analyze;

/// <summary>
/// Each renderer's whole output for <see cref="GoldenRecording"/>, compared with Golden/report.FORMAT.
/// Set PNM_UPDATE_GOLDEN=1 to rewrite the files in the source tree after an intended change.
/// </summary>
public sealed class GoldenOutputTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    [Theory]
    [InlineData(ReportRenderers.Table, "report.txt")]
    [InlineData(ReportRenderers.Json, "report.json")]
    [InlineData(ReportRenderers.Csv, "report.csv")]
    public void Output_matches_the_golden_file(string format, string goldenFile)
    {
        var output = new StringWriter { NewLine = "\n" };

        ReportRenderers.Create(format).Render(GoldenRecording.Report(directory), output);

        if (Environment.GetEnvironmentVariable("PNM_UPDATE_GOLDEN") == "1")
            File.WriteAllText(Path.Combine(SourceGoldenDirectory(), goldenFile), output.ToString());
        var expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Analyze", "Golden", goldenFile));
        Assert.Equal(expected.ReplaceLineEndings("\n"), output.ToString());
    }

    private static string SourceGoldenDirectory([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "Golden");

    public void Dispose() => directory.Dispose();
}
