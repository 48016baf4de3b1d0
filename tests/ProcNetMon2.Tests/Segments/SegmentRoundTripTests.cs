using ProcNetMon2.Schema.Segments;
using ProcNetMon2.Schema.Sqlite;

namespace ProcNetMon2.Tests.Segments;

public sealed class SegmentRoundTripTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    public static TheoryData<int> Seeds => new(Enumerable.Range(1, 40));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_random_recording_reads_back_identical_from_segments(int seed)
    {
        var recording = new RandomRecording(seed);
        string path = directory.File("random.pnm");
        using (var writer = SegmentRecordingWriter.Create(path))
            recording.WriteTo(writer);

        using var source = RecordingFile.Open(path);

        Assert.IsType<SegmentRecordingReader>(source);
        RecordingAssert.Holds(recording, source);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_random_recording_reads_back_identical_from_sqlite(int seed)
    {
        var recording = new RandomRecording(seed, maxEvents: 2_000);
        string path = directory.File("random.db");
        using (var writer = SqliteRecordingWriter.Create(path))
            recording.WriteTo(writer);

        using var source = RecordingFile.Open(path);

        RecordingAssert.Holds(recording, source);
    }

    [Fact]
    public void Blocks_hold_at_most_the_block_size_and_every_event_survives_the_cut()
    {
        var events = Enumerable.Range(0, SegmentFormat.MaxBlockEvents * 2 + 17)
            .Select(i => new IoEvent(1_000 + i, 1, 7, i % 70_000, Direction.Tx, i)).ToArray();
        string path = directory.File("big.pnm");
        using (var writer = SegmentRecordingWriter.Create(path))
        {
            writer.Begin(Info());
            writer.AddEvents(events);
            writer.Finish(10_000_000);
        }

        using var source = SegmentRecordingReader.Open(path);

        Assert.Equal(3, source.BlockCount);
        Assert.Equal(events, source.ReadEvents());
    }

    [Fact]
    public void A_single_segment_file_opens_on_its_own()
    {
        var recording = new RandomRecording(seed: 7);
        string path = directory.File("one.pnm");
        using (var writer = SegmentRecordingWriter.Create(path))
            recording.WriteTo(writer);

        using var source = RecordingFile.Open(Path.Combine(path, SegmentFormat.SegmentFileName(1)));

        RecordingAssert.Holds(recording, source);
    }

    [Fact]
    public void A_time_range_read_decodes_only_the_blocks_it_needs()
    {
        string path = directory.File("ranged.pnm");
        using (var writer = SegmentRecordingWriter.Create(path))
        {
            writer.Begin(Info());
            for (int second = 0; second < 10; second++)
            {
                writer.AddEvents(Enumerable.Range(0, 100).Select(i => new IoEvent(second * 1_000_000_000L + i, 1, 1, 1, Direction.Rx, 1)).ToArray());
                writer.Flush();
            }
            writer.Finish(10_000_000_000);
        }
        using var source = SegmentRecordingReader.Open(path);

        var events = source.ReadEvents(3_000_000_000, 5_000_000_000).ToList();

        Assert.Equal(200, events.Count);
        Assert.All(events, e => Assert.InRange(e.TimestampNs, 3_000_000_000, 4_999_999_999));
        Assert.Equal(10, source.BlockCount);
        Assert.Equal(2, source.BlocksDecoded);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Files_are_private_to_their_owner()
    {
        string path = directory.File("private.pnm");
        using (var writer = SegmentRecordingWriter.Create(path))
            writer.Begin(Info());

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(path, SegmentFormat.SegmentFileName(1))));
    }

    internal static RecordingInfo Info() => new()
    {
        FormatVersion = FormatVersion.Segments, PnmVersion = "0.1.0", Host = "h", KernelRelease = "k", Backend = "tracepoint",
        Programs = "p", Filters = "", RingBytes = 1 << 20, StartedNs = 0, MonotonicToWallNs = 1_700_000_000_000_000_000,
    };

    public void Dispose() => directory.Dispose();
}
