using ProcNetMon2.Schema.Segments;

namespace ProcNetMon2.Tests.Segments;

/// <summary>A segment recording's events read as stored columns: the same events, exactly once each, as its rows.</summary>
public sealed class EventColumnsTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    public static TheoryData<int> Seeds => new(Enumerable.Range(1, 12));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Columns_hold_the_events_of_the_rows_in_the_whole_recording_and_in_a_window(int seed)
    {
        var recording = new RandomRecording(seed, maxEvents: 20_000);
        string path = directory.File("random.pnm");
        using (var writer = SegmentRecordingWriter.Create(path))
            recording.WriteTo(writer);
        using var source = SegmentRecordingReader.Open(path);
        var times = recording.Events.Select(e => e.TimestampNs).Order().ToList();
        long from = times.Count == 0 ? 0 : times[times.Count / 3], to = times.Count == 0 ? 0 : times[2 * times.Count / 3];

        foreach (var (fromNs, toNs) in new[] { (long.MinValue, long.MaxValue), (from, to) })
        {
            var rows = source.ReadEventBatchesInParallel(fromNs, toNs, () => new List<IoEvent>(), (list, batch) => list.AddRange(batch));
            var columns = source.ReadEventColumnsInParallel(fromNs, toNs, () => new List<IoEvent>(), (list, batch) => list.AddRange(Rows(batch)));

            Assert.Equal(Canonical(rows.SelectMany(r => r)), Canonical(columns.SelectMany(c => c)));
            Assert.Equal(recording.Events.Count(e => e.TimestampNs >= fromNs && e.TimestampNs < toNs), columns.Sum(c => c.Count));
        }
    }

    [Fact]
    public void Blocks_that_overlap_in_time_come_as_one_batch_in_time_order()
    {
        string path = directory.File("overlapping.pnm");
        var first = Enumerable.Range(0, 50).Select(i => new IoEvent(1_000 + 2 * i, 1, 7, 10 + i % 3, Direction.Tx, i)).ToArray();
        var second = Enumerable.Range(0, 50).Select(i => new IoEvent(1_051 + 2 * i, 2, 8, 20 + i % 4, Direction.Rx, 100 + i)).ToArray();
        using (var writer = SegmentRecordingWriter.Create(path))
        {
            writer.Begin(SegmentRoundTripTests.Info());
            writer.AddEvents(first);
            writer.Flush();
            writer.AddEvents(second);
            writer.Finish(10_000);
        }
        using var source = SegmentRecordingReader.Open(path);

        var batches = source.ReadEventColumnsInParallel(long.MinValue, long.MaxValue, () => new List<List<IoEvent>>(), (list, batch) => list.Add(Rows(batch)))
            .SelectMany(b => b).ToList();

        var batch = Assert.Single(batches);
        Assert.Equal(first.Concat(second).OrderBy(e => e.TimestampNs), batch);
    }

    [Fact]
    public void A_slice_keeps_every_entry_and_finds_times_by_bisection()
    {
        IoEvent[] entries = [new(0, 1, 2, 3, Direction.Tx, 0), new(0, 4, 5, 6, Direction.Rx, 0)];
        var columns = new EventColumns(entries, [1, 0, 1], [10, 20, 20], [7, 8, 9]);

        var slice = columns.Slice(columns.FirstAtOrAfter(20), columns.FirstAtOrAfter(21));

        Assert.Equal(2, slice.Entries.Length);
        Assert.Equal([new IoEvent(20, 1, 2, 3, Direction.Tx, 8), new IoEvent(20, 4, 5, 6, Direction.Rx, 9)], Rows(slice));
        Assert.Equal(0, columns.FirstAtOrAfter(long.MinValue));
        Assert.Equal(3, columns.FirstAtOrAfter(21));
        Assert.Throws<ArgumentException>(() => new EventColumns(entries, [0], [1, 2], [1, 2]));
    }

    private static List<IoEvent> Rows(EventColumns columns)
    {
        var rows = new List<IoEvent>(columns.Count);
        for (int i = 0; i < columns.Count; i++)
            rows.Add(columns[i]);
        return rows;
    }

    private static List<IoEvent> Canonical(IEnumerable<IoEvent> events) =>
        events.OrderBy(e => e.TimestampNs).ThenBy(e => e.ProcessId).ThenBy(e => e.SocketId).ThenBy(e => e.Tid).ThenBy(e => e.Direction).ThenBy(e => e.Bytes).ToList();

    public void Dispose() => directory.Dispose();
}
