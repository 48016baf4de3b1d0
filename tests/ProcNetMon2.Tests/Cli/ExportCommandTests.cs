using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text;
using ProcNetMon2.Cli;
using ProcNetMon2.Schema.Segments;
using ProcNetMon2.Tests.Analyze.Export;

namespace ProcNetMon2.Tests.Cli;

/// <summary>pnm export run in-process: the format its output's name or --format picks, and every refusal as one line.</summary>
public sealed class ExportCommandTests : IDisposable
{
    private const int Success = (int)ReturnCode.Success, Failed = (int)ReturnCode.Failed, BadUsage = (int)ReturnCode.BadUsage;

    private readonly TemporaryDirectory directory = new();
    private readonly string recording;

    public ExportCommandTests() => recording = ExportRecording.Create().WriteTo(directory.File("trace.db"));

    [Theory]
    [InlineData("out.csv", "export.csv")]
    [InlineData("out.jsonl", "export.jsonl")]
    [InlineData("out.json", "export.jsonl")]
    [InlineData("OUT.CSV", "export.csv")]
    public async Task The_output_name_picks_the_text_format(string name, string goldenFile)
    {
        string output = directory.File(name);

        var run = await Pnm("export", recording, "-o", output);

        Assert.Equal((Success, "", $"pnm: exported 9 rows to {output}\n"), (run.Code, run.Output, run.Error));
        Assert.Equal(Golden(goldenFile), await File.ReadAllTextAsync(output));
        Assert.Equal(new[] { output, recording }.Order(), Directory.GetFiles(directory.Path).Order());
    }

    [Fact]
    public async Task A_parquet_name_writes_parquet()
    {
        string output = directory.File("out.parquet");

        var run = await Pnm("export", recording, "-o", output);

        Assert.Equal(Success, run.Code);
        Assert.Equal(9, (await ExportReaders.ReadParquetAsync(output)).Count);
        Assert.Equal("PAR1"u8.ToArray(), (await File.ReadAllBytesAsync(output))[..4]);
    }

    [Fact]
    public async Task Format_beats_the_name()
    {
        string output = directory.File("events.txt");

        var run = await Pnm("export", recording, "-o", output, "--format", "csv");

        Assert.Equal(Success, run.Code);
        Assert.Equal(Golden("export.csv"), await File.ReadAllTextAsync(output));
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task The_export_is_readable_by_its_owner_only()
    {
        string output = directory.File("out.csv");

        await Pnm("export", recording, "-o", output);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(output));
    }

    [Fact]
    public async Task A_name_without_a_known_extension_is_a_usage_error()
    {
        string error = await Fails(BadUsage, "export", recording, "-o", directory.File("events.txt"));

        Assert.Equal($"pnm: cannot tell the format from the name {directory.File("events.txt")}: end it in .parquet, .csv or .jsonl, or pass --format", error);
        AssertNothingWritten();
    }

    [Fact]
    public async Task An_unknown_format_is_a_usage_error()
    {
        string error = await Fails(BadUsage, "export", recording, "-o", directory.File("out.csv"), "--format", "xml");

        Assert.Contains("xml", error);
        AssertNothingWritten();
    }

    [Fact]
    public async Task A_missing_output_is_a_usage_error()
    {
        string error = await Fails(BadUsage, "export", recording);

        Assert.Equal("pnm: give -o FILE (one recording to one file) or --dataset DIR (see pnm --help)", error);
    }

    [Fact]
    public async Task An_existing_output_is_kept_without_force()
    {
        string output = directory.File("out.csv");
        await File.WriteAllTextAsync(output, "mine");

        string error = await Fails(Failed, "export", recording, "-o", output);

        Assert.Equal($"pnm: {output} already exists: pass --force to overwrite it", error);
        Assert.Equal("mine", await File.ReadAllTextAsync(output));
    }

    [Fact]
    public async Task Force_overwrites_an_existing_output()
    {
        string output = directory.File("out.csv");
        await File.WriteAllTextAsync(output, "mine");

        var run = await Pnm("export", recording, "-o", output, "--force");

        Assert.Equal(Success, run.Code);
        Assert.Equal(Golden("export.csv"), await File.ReadAllTextAsync(output));
    }

    [Fact]
    public async Task A_directory_is_never_an_output()
    {
        string output = directory.File("out.csv");
        Directory.CreateDirectory(output);

        string error = await Fails(Failed, "export", recording, "-o", output, "--force");

        Assert.Equal($"pnm: {output} is a directory: name a file", error);
        Assert.True(Directory.Exists(output));
    }

    [Fact]
    public async Task An_output_in_a_missing_directory_is_refused()
    {
        string output = directory.File(Path.Combine("missing", "out.parquet"));

        string error = await Fails(Failed, "export", recording, "-o", output);

        Assert.Equal($"pnm: cannot write {output}: directory {directory.File("missing")} does not exist", error);
        AssertNothingWritten();
    }

    [Fact]
    public async Task The_input_is_never_the_output()
    {
        string error = await Fails(Failed, "export", recording, "-o", recording, "--format", "csv", "--force");

        Assert.Equal($"pnm: {recording} is the input: name another output", error);
        using var intact = RecordingFile.Open(recording);
        Assert.Equal(8, intact.ReadEvents().Count());
    }

    [Fact]
    public async Task A_missing_recording_is_one_line()
    {
        string missing = directory.File("nothing.db");

        string error = await Fails(Failed, "export", missing, "-o", directory.File("out.csv"));

        Assert.Equal($"pnm: no such recording: {missing}", error);
        AssertNothingWritten();
    }

    [Fact]
    public async Task A_file_that_is_no_recording_is_one_line()
    {
        string notes = directory.File("notes.db");
        await File.WriteAllTextAsync(notes, "not a recording at all");

        string error = await Fails(Failed, "export", notes, "-o", directory.File("out.parquet"));

        Assert.Equal($"pnm: {notes} is not a pnm recording", error);
        Assert.False(File.Exists(directory.File("out.parquet")));
    }

    [RootFact]
    [SupportedOSPlatform("linux")]
    public async Task A_full_disk_is_one_line_and_leaves_nothing()
    {
        RootFactAttribute.Ensure();
        string big = LargeRecording();
        foreach (string name in new[] { "out.csv", "out.jsonl", "out.parquet" })
        {
            using var mount = SmallFileSystem.Mount("size=64k");
            string output = Path.Combine(mount.Path, name);

            string error = await Fails(Failed, "export", big, "-o", output);

            Assert.Equal($"pnm: disk full while writing {output}: nothing written", error);
            Assert.Empty(Directory.GetFileSystemEntries(mount.Path));
        }
    }

    [RootFact]
    [SupportedOSPlatform("linux")]
    public async Task A_read_only_file_system_is_one_line()
    {
        RootFactAttribute.Ensure();
        using var mount = SmallFileSystem.Mount("size=64k,ro");
        string output = Path.Combine(mount.Path, "out.csv");

        string error = await Fails(Failed, "export", recording, "-o", output);

        Assert.Equal($"pnm: cannot write {output}: Read-only file system", error);
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task A_terminated_export_leaves_nothing_and_exits_130()
    {
        string big = BigRecording.Write(directory.File("big.pnm"));
        string output = directory.File("out.jsonl");
        // The pnm next to the tests: a signal must reach pnm's own process.
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "pnm"), ["export", big, "-o", output])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var pnm = Process.Start(start)!;
        var error = pnm.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (!File.Exists(output + ".partial") && !pnm.HasExited && clock.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(5);
        Assert.False(pnm.HasExited, "pnm finished before it could be stopped");

        var kill = ExternalCommand.Run("kill", ["-TERM", pnm.Id.ToString()]);
        Assert.True(kill.ExitCode == 0, kill.Error);
        await pnm.WaitForExitAsync();

        Assert.Equal($"pnm: interrupted: {output} not written\n", await error);
        Assert.Equal((int)ReturnCode.Aborted, pnm.ExitCode);
        Assert.Equal(new[] { big, recording }.Order(), Directory.GetFileSystemEntries(directory.Path).Order());
    }

    /// <summary>About 160 KB as CSV: more than the small file system holds, in every format.</summary>
    private string LargeRecording()
    {
        var large = new TestRecording().Process(1, 1200, "curl");
        for (int i = 0; i < 20_000; i++)
            large.Tx(i * 0.0001, 1, socketId: i, bytes: i * 7919 % 100_003);
        return large.WriteTo(directory.File("large.db"));
    }

    private void AssertNothingWritten() => Assert.Equal([recording], Directory.GetFileSystemEntries(directory.Path));

    private static string Golden(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Analyze", "Golden", name));

    private static Task<PnmRun> Pnm(params string[] args) => PnmRun.Of(args);

    private static Task<string> Fails(int expectedCode, params string[] args) => PnmFailure.Of(expectedCode, args);

    public void Dispose() => directory.Dispose();
}
