using ProcNetMon2.Schema.Segments;

namespace ProcNetMon2.Tests.Segments;

public sealed class SegmentRotationTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();
    private readonly ManualClock clock = new();
    private const long Second = 1_000_000_000;

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>One flush a second, as the recorder does, each with its own process and socket.</summary>
    private string Record(SegmentRotation rotation, int seconds, int eventsPerSecond = 2_000, string name = "rotating.pnm")
    {
        string path = directory.File(name);
        using var writer = SegmentRecordingWriter.Create(path, rotation, clock);
        writer.Begin(SegmentRoundTripTests.Info());
        var random = new Random(1);
        for (int s = 0; s < seconds; s++)
        {
            writer.UpsertProcess(new ProcessRecord { ProcessId = s + 1, Pid = 100 + s, Comm = $"p{s}", FirstSeenNs = s * Second });
            writer.UpsertSocket(new SocketRecord
            {
                SocketId = s + 1, ProcessId = s + 1, Family = 2, Protocol = 17, LocalAddr = "10.0.0.1", LocalPort = s,
                RemoteAddr = "10.0.0.2", RemotePort = 53, FirstSeenNs = s * Second, LastSeenNs = s * Second,
            });
            writer.AddEvents(Enumerable.Range(0, eventsPerSecond)
                .Select(i => new IoEvent(s * Second + i * 1000L, s + 1, 7, s + 1, Direction.Tx, random.Next(1, 100_000))).ToArray());
            writer.AddLoss(new LossRecord(s * Second, 1));
            clock.Now += TimeSpan.FromSeconds(1);
            writer.Flush();
        }
        writer.Finish(seconds * Second);
        return path;
    }

    [Fact]
    public void Rotating_by_time_splits_the_recording_and_it_still_reads_whole()
    {
        string path = Record(new SegmentRotation { RotateAfter = TimeSpan.FromSeconds(3) }, seconds: 10);

        Assert.Equal(4, SegmentFormat.SegmentFiles(path).Count);
        using var source = SegmentRecordingReader.Open(path);
        Assert.Equal(10 * 2_000, source.ReadEvents().Count());
        Assert.Equal(10, source.ReadProcesses().Count);
        Assert.Equal(10, source.ReadLosses().Count);
        Assert.Equal(10 * Second, source.Info.StoppedNs);
        Assert.Empty(source.Warnings);
    }

    [Fact]
    public void Rotating_by_size_keeps_every_segment_near_the_limit()
    {
        string path = Record(new SegmentRotation { RotateBytes = 20_000 }, seconds: 12);

        var segments = SegmentFormat.SegmentFiles(path);
        Assert.True(segments.Count >= 3, $"{segments.Count} segments");
        // A segment is cut at the first block that reaches the limit: one second's block at most over it.
        Assert.All(segments.SkipLast(1), s => Assert.InRange(new FileInfo(s).Length, 20_000, 40_000));
        using var source = SegmentRecordingReader.Open(path);
        Assert.Equal(12 * 2_000, source.ReadEvents().Count());
    }

    [Fact]
    public void Retention_by_size_deletes_the_oldest_and_what_remains_reads_on_its_own()
    {
        string path = Record(new SegmentRotation { RotateAfter = TimeSpan.FromSeconds(2), RetainBytes = 40_000 }, seconds: 20);

        var segments = SegmentFormat.SegmentFiles(path);
        Assert.True(segments.Sum(s => new FileInfo(s).Length) <= 40_000);
        Assert.DoesNotContain(segments, s => s.EndsWith(SegmentFormat.SegmentFileName(1), StringComparison.Ordinal));
        // The last flush rotated: segment 11 holds only the metadata, the stop time among it.
        Assert.EndsWith(SegmentFormat.SegmentFileName(11), segments[^1]);

        using var source = SegmentRecordingReader.Open(path);
        var events = source.ReadEvents().ToList();
        var processes = source.ReadProcesses().Select(p => p.ProcessId).ToHashSet();
        Assert.NotEmpty(events);
        Assert.Equal(20 * Second - 2 * Second * (segments.Count - 1), events[0].TimestampNs);
        // Every event still finds its process and socket: each segment starts with the full metadata.
        Assert.All(events, e => Assert.Contains(e.ProcessId, processes));
        Assert.Equal(20, processes.Count);
        Assert.Equal(20 * Second, source.Info.StoppedNs);
        Assert.Empty(source.Warnings);
    }

    [Fact]
    public void Retention_by_age_deletes_segments_finished_longer_ago()
    {
        string path = Record(new SegmentRotation { RotateAfter = TimeSpan.FromSeconds(1), RetainAge = TimeSpan.FromSeconds(4) }, seconds: 12);

        var segments = SegmentFormat.SegmentFiles(path);
        // Segment k holds second k - 1 and closed at k s; at 12 s those closed in the last 4 s remain,
        // plus segment 13, opened by the last flush.
        Assert.Equal(Enumerable.Range(8, 6).Select(n => SegmentFormat.SegmentFileName((uint)n)).ToList(), segments.Select(s => Path.GetFileName(s)).ToList());
        using var source = SegmentRecordingReader.Open(path);
        Assert.Equal(7 * Second, source.ReadEvents().First().TimestampNs);
        Assert.Equal(5 * 2_000, source.ReadEvents().Count());
    }

    /// <summary>Two recordings a service made before this start, their segment files last written at the clock's times.</summary>
    private (string First, string Second) EarlierRecordings()
    {
        var rotation = new SegmentRotation { RotateAfter = TimeSpan.FromSeconds(1) };
        string first = Record(rotation, seconds: 3, name: "20260101T000000Z.pnm");
        string second = Record(rotation, seconds: 3, name: "20260101T000003Z.pnm");
        foreach (var (segment, i) in SegmentFormat.SegmentFiles(first).Concat(SegmentFormat.SegmentFiles(second)).Select((s, i) => (s, i)))
            File.SetLastWriteTimeUtc(segment, new DateTime(2026, 1, 1, 0, 0, 1, DateTimeKind.Utc).AddSeconds(i));
        return (first, second);
    }

    [Fact]
    public void Retaining_earlier_recordings_by_age_deletes_their_old_segments_at_start_and_an_emptied_recording()
    {
        var (first, second) = EarlierRecordings();
        int secondsSegments = SegmentFormat.SegmentFiles(second).Count;
        clock.Now = new DateTimeOffset(2026, 1, 1, 0, 0, 1, TimeSpan.Zero).AddSeconds(2 * secondsSegments + 2);

        // Age 3 s: everything of the first recording and all but the newest of the second is older.
        using (var writer = SegmentRecordingWriter.Create(directory.File("new.pnm"),
            new SegmentRotation { RetainAge = TimeSpan.FromSeconds(3), RetainEarlier = true }, clock))
        {
            Assert.False(Directory.Exists(first));
            var left = SegmentFormat.SegmentFiles(second);
            Assert.InRange(left.Count, 1, 3);
            using var source = SegmentRecordingReader.Open(second);
            Assert.Empty(source.Warnings);
            writer.Begin(SegmentRoundTripTests.Info());
            writer.Finish(Second);
        }
        Assert.True(Directory.Exists(directory.File("new.pnm")));
    }

    [Fact]
    public void Retaining_earlier_recordings_by_size_counts_them_with_this_one_and_deletes_theirs_first()
    {
        var (first, second) = EarlierRecordings();
        long earlierBytes = SegmentFormat.SegmentFiles(first).Concat(SegmentFormat.SegmentFiles(second)).Sum(s => new FileInfo(s).Length);
        long secondBytes = SegmentFormat.SegmentFiles(second).Sum(s => new FileInfo(s).Length);
        long limit = secondBytes * 3 / 2;
        clock.Now = new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero);

        string path = Record(new SegmentRotation { RotateAfter = TimeSpan.FromSeconds(1), RetainBytes = limit, RetainEarlier = true },
            seconds: 3, name: "new.pnm");

        var everything = new[] { first, second, path }.Where(Directory.Exists).SelectMany(SegmentFormat.SegmentFiles).ToList();
        Assert.True(everything.Sum(s => new FileInfo(s).Length) <= limit);
        Assert.True(earlierBytes > limit, "the earlier recordings alone exceed the limit");
        Assert.False(Directory.Exists(first), "the oldest recording goes first");
        // This recording's own segments are not touched while earlier ones can go.
        Assert.Contains(SegmentFormat.SegmentFiles(path), s => s.EndsWith(SegmentFormat.SegmentFileName(1), StringComparison.Ordinal));
    }

    [Fact]
    public void Without_retain_earlier_the_recordings_beside_this_one_stay()
    {
        var (first, second) = EarlierRecordings();
        clock.Now = new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero);

        Record(new SegmentRotation { RotateAfter = TimeSpan.FromSeconds(1), RetainAge = TimeSpan.FromSeconds(2) }, seconds: 4, name: "new.pnm");

        Assert.Equal(4, SegmentFormat.SegmentFiles(first).Count);
        Assert.Equal(4, SegmentFormat.SegmentFiles(second).Count);
    }

    [Fact]
    public void A_file_pnm_did_not_write_keeps_its_recording_directory()
    {
        var (first, _) = EarlierRecordings();
        File.WriteAllText(Path.Combine(first, "notes.txt"), "mine");
        clock.Now = new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero);

        using (SegmentRecordingWriter.Create(directory.File("new.pnm"), new SegmentRotation { RetainAge = TimeSpan.FromSeconds(1), RetainEarlier = true }, clock))
        {
        }

        Assert.Empty(SegmentFormat.SegmentFiles(first));
        Assert.True(File.Exists(Path.Combine(first, "notes.txt")));
    }

    public void Dispose() => directory.Dispose();
}
