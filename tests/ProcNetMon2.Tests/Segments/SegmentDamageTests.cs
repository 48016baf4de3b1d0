using System.Buffers.Binary;
using ProcNetMon2.Schema.Segments;

namespace ProcNetMon2.Tests.Segments;

/// <summary>
/// Damage anywhere in a segment — header, frame lengths, payloads, checksums, metadata, index,
/// trailer — and truncation at any byte: the recording either opens and reads everything intact
/// with a warning per skipped part, or fails with one clear RecordingException. Nothing else escapes.
/// </summary>
public sealed class SegmentDamageTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();
    private const int Seconds = 4, EventsPerSecond = 50;

    /// <summary>A recording flushed once a second: metadata, then one event block per second.</summary>
    private string Write(bool finish)
    {
        string path = directory.File($"damage-{Guid.NewGuid():N}.pnm");
        using var writer = SegmentRecordingWriter.Create(path);
        writer.Begin(SegmentRoundTripTests.Info());
        writer.UpsertProcess(new ProcessRecord { ProcessId = 1, Pid = 10, Comm = "curl", FirstSeenNs = 0 });
        writer.UpsertSocket(new SocketRecord
        {
            SocketId = 1, ProcessId = 1, Family = 2, Protocol = 6, LocalAddr = "127.0.0.1", LocalPort = 1,
            RemoteAddr = "127.0.0.1", RemotePort = 2, FirstSeenNs = 0, LastSeenNs = 0,
        });
        for (int second = 0; second < Seconds; second++)
        {
            writer.AddEvents(Enumerable.Range(0, EventsPerSecond)
                .Select(i => new IoEvent(second * 1_000_000_000L + i * 1000, 1, 10, 1, Direction.Tx, 100 + i)).ToArray());
            writer.Flush();
        }
        if (finish)
            writer.Finish(Seconds * 1_000_000_000L);
        else
            CutAfterLastBlock(writer);
        return path;
    }

    /// <summary>What a recorder killed after its last flush leaves: no index, no trailer.</summary>
    private static void CutAfterLastBlock(SegmentRecordingWriter writer)
    {
        string segment = SegmentOf(writer.Path);
        long length = new FileInfo(segment).Length;
        writer.Dispose();
        using var file = File.OpenWrite(segment);
        file.SetLength(length);
    }

    private static string SegmentOf(string recording) => Path.Combine(recording, SegmentFormat.SegmentFileName(1));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Truncation_at_every_byte_keeps_every_complete_block(bool finished)
    {
        string original = Write(finished);
        byte[] bytes = File.ReadAllBytes(SegmentOf(original));
        var frames = FrameOffsets(bytes);

        for (int length = 0; length < bytes.Length; length++)
        {
            string copy = directory.File($"cut-{length}.pnm");
            Directory.CreateDirectory(copy);
            File.WriteAllBytes(SegmentOf(copy), bytes[..length]);

            var outcome = ReadEverything(copy);

            if (outcome.Error is not null)
            {
                // Only a cut before the first metadata block is complete may make it unreadable.
                Assert.True(length < frames[0].End, $"cut at {length}: {outcome.Error.Message}");
                Assert.DoesNotContain('\n', outcome.Error.Message);
            }
            else
            {
                int completeBlocks = frames.Count(f => f.Kind == FrameKind.Events && f.End <= length);
                Assert.Equal(completeBlocks * EventsPerSecond, outcome.Events);
                // A cut right after a block is what a killed recorder leaves: nothing was torn.
                bool endsOnFrame = length == SegmentHeader.Size || frames.Any(f => f.End == length && f.Kind != FrameKind.Index);
                Assert.True((endsOnFrame ? 0 : 1) == outcome.Warnings.Count, $"cut at {length}: {string.Join(" | ", outcome.Warnings)}");
            }
            Directory.Delete(copy, recursive: true);
        }
    }

    public static TheoryData<string> Places => new(["segment header", "frame magic", "frame length", "frame count", "frame header crc",
        "payload", "payload crc", "metadata payload", "index", "trailer", "last byte"]);

    [Theory]
    [MemberData(nameof(Places))]
    public void A_flipped_byte_is_a_warning_or_a_clear_error(string place)
    {
        string path = Write(finish: true);
        string segment = SegmentOf(path);
        byte[] bytes = File.ReadAllBytes(segment);
        var frames = FrameOffsets(bytes);
        var firstEvents = frames.First(f => f.Kind == FrameKind.Events);
        var metadata = frames.First(f => f.Kind == FrameKind.Metadata);
        var index = frames.Single(f => f.Kind == FrameKind.Index);
        long at = place switch
        {
            "segment header" => 9,
            "frame magic" => firstEvents.Offset,
            "frame length" => firstEvents.Offset + 8,
            "frame count" => firstEvents.Offset + 16,
            "frame header crc" => firstEvents.Offset + 41,
            "payload" => firstEvents.Offset + FrameHeader.Size + 3,
            "payload crc" => firstEvents.Offset + 21,
            "metadata payload" => metadata.Offset + FrameHeader.Size + 2,
            "index" => index.Offset + FrameHeader.Size + 10,
            "trailer" => bytes.Length - 3,
            _ => bytes.Length - 1,
        };
        bytes[at] ^= 0x5A;
        File.WriteAllBytes(segment, bytes);

        var outcome = ReadEverything(path);

        if (outcome.Error is not null)
        {
            Assert.DoesNotContain('\n', outcome.Error.Message);
            Assert.Contains(path, outcome.Error.Message);
        }
        else
        {
            Assert.NotEmpty(outcome.Warnings);
            Assert.All(outcome.Warnings, w => Assert.DoesNotContain('\n', w));
            bool hitsEvents = at >= firstEvents.Offset && at < firstEvents.End;
            int expected = Seconds * EventsPerSecond - (hitsEvents ? EventsPerSecond : 0);
            Assert.Equal(expected, outcome.Events);
        }
    }

    [Fact]
    public void Random_damage_never_escapes_as_anything_but_a_recording_exception()
    {
        string path = Write(finish: true);
        string segment = SegmentOf(path);
        byte[] pristine = File.ReadAllBytes(segment);
        var random = new Random(5);
        for (int trial = 0; trial < 300; trial++)
        {
            byte[] bytes = (byte[])pristine.Clone();
            for (int flips = random.Next(1, 8); flips > 0; flips--)
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            File.WriteAllBytes(segment, bytes[..random.Next(bytes.Length / 2, bytes.Length + 1)]);

            var outcome = ReadEverything(path);

            Assert.True(outcome.Error is not null || outcome.Events <= Seconds * EventsPerSecond);
        }
    }

    [Fact]
    public void A_newer_segment_format_asks_for_an_upgrade()
    {
        string path = Write(finish: true);
        string segment = SegmentOf(path);
        byte[] bytes = File.ReadAllBytes(segment);
        new SegmentHeader(SegmentFormat.Version + 1, 1).Write(bytes);
        File.WriteAllBytes(segment, bytes);

        var outcome = ReadEverything(path);

        Assert.Contains("upgrade pnm", outcome.Error?.Message);
    }

    [Fact]
    public void A_torn_tail_is_one_warning_saying_what_was_skipped()
    {
        string path = Write(finish: false);
        string segment = SegmentOf(path);
        byte[] bytes = File.ReadAllBytes(segment);
        var last = FrameOffsets(bytes).Last();
        File.WriteAllBytes(segment, bytes[..(int)(last.Offset + 30)]);

        using var source = RecordingFile.Open(path);
        int events = source.ReadEvents().Count();

        Assert.Equal((Seconds - 1) * EventsPerSecond, events);
        var warning = Assert.Single(source.Warnings);
        Assert.Equal($"segment-000001.pnms: incomplete block at byte {last.Offset} (30 bytes) skipped: " +
                     "the recorder stopped mid-write or the file was cut short", warning);
    }

    private sealed record Outcome(RecordingException? Error, int Events, IReadOnlyList<string> Warnings);

    private static Outcome ReadEverything(string path)
    {
        try
        {
            using var source = RecordingFile.Open(path);
            source.ReadProcesses();
            source.ReadSockets();
            source.ReadLosses();
            int events = source.ReadEvents().Count();
            return new Outcome(null, events, source.Warnings);
        }
        catch (RecordingException e)
        {
            return new Outcome(e, 0, []);
        }
    }

    private sealed record Frame(FrameKind Kind, long Offset, long End);

    /// <summary>The frames of an intact segment, walked by their headers.</summary>
    private static List<Frame> FrameOffsets(byte[] bytes)
    {
        var frames = new List<Frame>();
        long offset = SegmentHeader.Size;
        while (offset + FrameHeader.Size <= bytes.Length && FrameHeader.TryRead(bytes.AsSpan((int)offset)) is { } header)
        {
            frames.Add(new Frame(header.Kind, offset, offset + FrameHeader.Size + header.StoredBytes));
            offset = frames[^1].End;
        }
        Assert.Equal(bytes.Length, offset + (frames.Any(f => f.Kind == FrameKind.Index) ? SegmentTrailer.Size : 0));
        _ = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        return frames;
    }

    public void Dispose() => directory.Dispose();
}
