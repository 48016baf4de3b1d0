using System.Runtime.Versioning;
using ProcNetMon2.Tests.Segments;

namespace ProcNetMon2.Tests.Schema;

/// <summary>The one output-file policy of pnm record, convert and export.</summary>
public sealed class OutputFileTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    [Fact]
    public void An_existing_output_is_refused_without_force_and_the_input_always()
    {
        string input = directory.File("in.db"), output = directory.File("out.db");
        File.WriteAllText(output, "old");

        Assert.Equal($"{output} already exists: pass --force to overwrite it",
            Assert.Throws<OutputFileException>(() => OutputFile.ForCopy(output, force: false, input)).Message);
        Assert.Equal($"{input} is the input: name another output",
            Assert.Throws<OutputFileException>(() => OutputFile.ForExport(input, force: true, input)).Message);
        Assert.Equal($"cannot write {directory.File("missing/x.db")}: directory {directory.File("missing")} does not exist",
            Assert.Throws<OutputFileException>(() => OutputFile.ForRecording(directory.File("missing/x.db"), force: true)).Message);
    }

    [Fact]
    public void A_directory_is_refused_unless_it_is_a_segment_recording_to_replace()
    {
        string plain = directory.File("plain.db");
        Directory.CreateDirectory(plain);
        Assert.Equal($"{plain} is a directory: name a file",
            Assert.Throws<OutputFileException>(() => OutputFile.ForRecording(plain, force: true)).Message);

        string foreign = directory.File("foreign.pnm");
        Directory.CreateDirectory(foreign);
        File.WriteAllText(Path.Combine(foreign, "photo.jpg"), "mine");
        Assert.Equal($"{foreign} is a directory but not a pnm recording: not overwriting it",
            Assert.Throws<OutputFileException>(() => OutputFile.ForRecording(foreign, force: true)).Message);

        string recording = directory.File("old.pnm");
        WriteRecording(recording, new RandomRecording(1, maxEvents: 10));
        Assert.Equal(recording, OutputFile.ForRecording(recording, force: true).WritePath);
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public void An_export_is_written_aside_with_mode_0600_and_replaces_the_old_file_only_when_committed()
    {
        string output = directory.File("out.csv");
        File.WriteAllText(output, "old");

        using (var abandoned = OutputFile.ForExport(output, force: true, directory.File("in.db")))
        {
            using (var stream = abandoned.CreateStream())
                stream.Write("half"u8);
            Assert.Equal(output + ".partial", abandoned.WritePath);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(abandoned.WritePath));
        }
        Assert.Equal("old", File.ReadAllText(output));
        Assert.False(File.Exists(output + ".partial"));

        using (var whole = OutputFile.ForExport(output, force: true, directory.File("in.db")))
        {
            using (var stream = whole.CreateStream())
                stream.Write("new"u8);
            whole.Commit();
        }
        Assert.Equal("new", File.ReadAllText(output));
        Assert.False(File.Exists(output + ".partial"));
    }

    [Theory]
    [InlineData("copy.db")]
    [InlineData("copy.pnm")]
    public void A_copied_recording_takes_the_old_ones_place_whole_in_the_format_its_name_asks_for(string name)
    {
        string output = directory.File(name);
        WriteRecording(output, new RandomRecording(1, maxEvents: 100));
        var newer = new RandomRecording(2, maxEvents: 100);

        using (var target = OutputFile.ForCopy(output, force: true, directory.File("in.db")))
        {
            using (var sink = target.CreateRecording())
                newer.WriteTo(sink);
            target.Commit();
        }

        Assert.False(File.Exists(output + ".partial") || Directory.Exists(output + ".partial"));
        Assert.Equal(name.EndsWith(".pnm"), Directory.Exists(output));
        using var source = RecordingFile.Open(output);
        RecordingAssert.Holds(newer, source);
    }

    private static void WriteRecording(string path, RandomRecording recording)
    {
        using var sink = RecordingFile.Create(path);
        recording.WriteTo(sink);
    }

    public void Dispose() => directory.Dispose();
}
