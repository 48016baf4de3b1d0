using ProcNetMon2.Analyze.Export;

namespace ProcNetMon2.Tests.Analyze.Export;

/// <summary>
/// The whole CSV and JSON Lines export of <see cref="ExportRecording"/>, compared with Analyze/Golden/export.*.
/// Set PNM_UPDATE_GOLDEN=1 to rewrite the files in the source tree after an intended change.
/// </summary>
public sealed class ExportGoldenTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    [Theory]
    [InlineData(ExportFormat.Csv, "export.csv")]
    [InlineData(ExportFormat.Json, "export.jsonl")]
    public async Task Output_matches_the_golden_file(ExportFormat format, string goldenFile)
    {
        using var source = ExportRecording.Create().Open(directory);
        var output = new MemoryStream();

        await ExportFormats.CreateExporter(format).ExportAsync(source, output);

        string actual = System.Text.Encoding.UTF8.GetString(output.ToArray());
        GoldenFile.AssertMatches(goldenFile, actual, exactLineEndings: true);
    }

    public void Dispose() => directory.Dispose();
}
