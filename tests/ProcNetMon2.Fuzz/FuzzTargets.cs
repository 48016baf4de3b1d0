using Microsoft.Data.Sqlite;
using ProcNetMon2.Analyze.Export;
using ProcNetMon2.Schema;
using ProcNetMon2.Schema.Segments;
using ProcNetMon2.Schema.Sqlite;

namespace ProcNetMon2.Fuzz;

/// <summary>
/// What a fuzzer feeds: one input as a recording, read the way the analysis commands read it. A
/// <see cref="RecordingException"/> is the expected answer to a bad input (the commands print it as one
/// line); any other exception, or a hang, is a finding.
/// </summary>
internal sealed class FuzzTargets(string scratch)
{
    public static readonly IReadOnlyList<string> Names = ["segment", "frames", "sqlite", "convert"];

    public void Run(string target, ReadOnlySpan<byte> input)
    {
        try
        {
            switch (target)
            {
                case "segment":
                    RecordingCheck.Run(Write(input, "recording.pnm"));
                    break;
                case "frames":
                    RecordingCheck.Run(Write(FrameInput.ToSegment(input), "recording.pnm"));
                    break;
                case "sqlite":
                    RecordingCheck.Run(Write(input, "recording.db"));
                    break;
                case "convert":
                    ConvertAndExport(Write(input, "input"));
                    break;
                default:
                    throw new ArgumentException($"no fuzz target {target}; targets: {string.Join(", ", Names)}");
            }
        }
        catch (RecordingException)
        {
        }
        finally
        {
            // SQLite's pool would keep the file open; nothing may leak from one input into the next.
            SqliteConnection.ClearAllPools();
        }
    }

    /// <summary>`pnm convert` to the other format, then `pnm export --format csv` of the input.</summary>
    private void ConvertAndExport(string path)
    {
        using var source = RecordingFile.Open(path);
        string converted = Path.Combine(scratch, "converted");
        DeleteAll(converted);
        using (IRecordingSink sink = source is SqliteRecordingReader
                   ? SegmentRecordingWriter.Create(converted)
                   : SqliteRecordingWriter.Create(converted))
            RecordingCopy.Copy(source, sink);
        using var exported = RecordingFile.Open(path);
        ExportFormats.CreateExporter(ExportFormat.Csv).ExportAsync(exported, Stream.Null).GetAwaiter().GetResult();
    }

    /// <summary>The input as a file; a segment recording is a directory holding it as its one segment.</summary>
    private string Write(ReadOnlySpan<byte> input, string name)
    {
        string path = Path.Combine(scratch, name);
        DeleteAll(path);
        if (name.EndsWith(".pnm", StringComparison.Ordinal))
        {
            Directory.CreateDirectory(path);
            File.WriteAllBytes(Path.Combine(path, "segment-000001.pnms"), input);
            return path;
        }
        File.WriteAllBytes(path, input);
        return path;
    }

    private static void DeleteAll(string path)
    {
        if (Directory.Exists(path))
            Directory.Delete(path, recursive: true);
        else
            File.Delete(path);
    }
}
