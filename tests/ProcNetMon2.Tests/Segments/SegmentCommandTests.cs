using ProcNetMon2.Schema.Segments;
using ProcNetMon2.Schema.Sqlite;

namespace ProcNetMon2.Tests.Segments;

/// <summary>pnm convert, check and report on segment recordings, run in-process.</summary>
public sealed class SegmentCommandTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    /// <summary>Each seed both ways: SQLite to segments and back, segments to SQLite and back.</summary>
    public static TheoryData<int, string, string> RoundTrips()
    {
        var data = new TheoryData<int, string, string>();
        foreach (int seed in Enumerable.Range(100, 12))
        {
            data.Add(seed, ".db", ".pnm");
            data.Add(seed, ".pnm", ".db");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public async Task Convert_round_trips_between_the_formats_losslessly(int seed, string from, string via)
    {
        var recording = new RandomRecording(seed, maxEvents: 3_000);
        string input = directory.File("in" + from), middle = directory.File("mid" + via), back = directory.File("back" + from);
        using (var writer = RecordingFile.Create(input))
            recording.WriteTo(writer);

        Assert.Equal(0, (await Pnm("convert", input, "-o", middle)).Code);
        Assert.Equal(0, (await Pnm("convert", middle, "-o", back)).Code);

        using (var converted = RecordingFile.Open(middle))
            RecordingAssert.Holds(recording, converted);
        using (var roundTripped = RecordingFile.Open(back))
            RecordingAssert.Holds(recording, roundTripped);
        if (from == ".db")
        {
            using var original = RecordingFile.Open(input);
            using var roundTripped = RecordingFile.Open(back);
            RecordingAssert.Identical(original, roundTripped);
        }
    }

    [Fact]
    public async Task Convert_keeps_an_existing_output_without_force()
    {
        string pnm = Write(new RandomRecording(1), "in.pnm");
        string db = directory.File("taken.db");
        await File.WriteAllTextAsync(db, "mine");

        var run = await Pnm("convert", pnm, "-o", db);

        Assert.Equal(1, run.Code);
        Assert.Equal($"pnm: {db} already exists: pass --force to overwrite it\n", run.Error);
        Assert.Equal("mine", await File.ReadAllTextAsync(db));
        Assert.Equal(0, (await Pnm("convert", pnm, "-o", db, "--force")).Code);
    }

    [Fact]
    public async Task Convert_with_force_replaces_an_old_recording_only_once_the_new_one_is_whole()
    {
        var newer = new RandomRecording(2, maxEvents: 500);
        string input = Write(newer, "in.pnm");
        string output = Write(new RandomRecording(3, maxEvents: 500), "out.pnm");
        // A failed copy (here: its temporary name is taken by something pnm will not remove) leaves the old output as it was.
        Directory.CreateDirectory(output + ".partial");
        await File.WriteAllTextAsync(Path.Combine(output + ".partial", "notes.txt"), "mine");
        string[] before = Directory.GetFiles(output).Select(File.ReadAllText).ToArray();

        var failed = await Pnm("convert", input, "-o", output, "--force");

        Assert.Equal(1, failed.Code);
        Assert.StartsWith($"pnm: cannot overwrite {output}.partial: ", failed.Error);
        Assert.Equal(before, Directory.GetFiles(output).Select(File.ReadAllText).ToArray());

        Directory.Delete(output + ".partial", recursive: true);
        Assert.Equal(0, (await Pnm("convert", input, "-o", output, "--force")).Code);
        Assert.False(Directory.Exists(output + ".partial"));
        using var converted = RecordingFile.Open(output);
        RecordingAssert.Holds(newer, converted);
    }

    [Fact]
    public async Task Report_reads_both_formats_with_identical_results()
    {
        var recording = new RandomRecording(seed: 3, maxEvents: 4_000);
        string pnm = Write(recording, "same.pnm");
        string db = directory.File("same.db");
        using (var writer = SqliteRecordingWriter.Create(db))
            recording.WriteTo(writer);

        foreach (string format in new[] { "json", "csv", "table" })
        {
            var fromSegments = await Pnm("report", pnm, "--format", format);
            var fromSqlite = await Pnm("report", db, "--format", format);
            Assert.Equal(0, fromSegments.Code);
            Assert.Equal(fromSqlite.Output.Replace(db, "PATH"), fromSegments.Output.Replace(pnm, "PATH"));
        }
    }

    [Fact]
    public async Task Check_passes_an_intact_recording_of_either_format()
    {
        string pnm = Write(new RandomRecording(seed: 11), "ok.pnm");
        string db = directory.File("ok.db");
        await Pnm("convert", pnm, "-o", db);

        foreach (string path in new[] { pnm, db })
        {
            var run = await Pnm("check", path);
            Assert.True(run.Code == 0, run.Output + run.Error);
            Assert.Contains("Damage:    none", run.Output);
            Assert.Equal("", run.Error);
        }
    }

    [Fact]
    public async Task Check_and_report_name_a_torn_block()
    {
        var recording = new RandomRecording(seed: 12, maxEvents: 0);
        string pnm = directory.File("hurt.pnm");
        string segment = Path.Combine(pnm, SegmentFormat.SegmentFileName(1));
        long flushedLength;
        using (var writer = SegmentRecordingWriter.Create(pnm))
        {
            recording.WriteTo(writer);
            writer.AddEvents(Enumerable.Range(0, 500).Select(i => new IoEvent(recording.Info.StartedNs + i, 1, 1, 1, Direction.Tx, 10)).ToArray());
            writer.Flush();
            flushedLength = new FileInfo(segment).Length;
        }
        // Cut 30 bytes into the last events block: the torn tail of a recorder killed mid-write.
        byte[] bytes = await File.ReadAllBytesAsync(segment);
        await File.WriteAllBytesAsync(segment, bytes[..(int)(flushedLength - 30)]);

        var check = await Pnm("check", pnm);
        var report = await Pnm("report", pnm);

        Assert.Equal(1, check.Code);
        Assert.Contains("incomplete block at byte", check.Output);
        Assert.Equal($"pnm: {pnm} is damaged: 1 part(s) skipped\n", check.Error);
        Assert.Equal(0, report.Code);
        Assert.StartsWith("pnm: warning: segment-000001.pnms: incomplete block at byte ", report.Error);
        Assert.Single(report.Error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Check_of_something_that_is_not_a_recording_is_one_error_line()
    {
        string path = directory.File("notes.txt");
        await File.WriteAllTextAsync(path, "hello");

        var run = await Pnm("check", path);

        Assert.Equal(1, run.Code);
        Assert.Equal($"pnm: {path} is not a pnm recording\n", run.Error);
    }

    private string Write(RandomRecording recording, string name)
    {
        string path = directory.File(name);
        using var writer = SegmentRecordingWriter.Create(path);
        recording.WriteTo(writer);
        return path;
    }

    private static Task<PnmRun> Pnm(params string[] args) => PnmRun.Of(args);

    public void Dispose() => directory.Dispose();
}
