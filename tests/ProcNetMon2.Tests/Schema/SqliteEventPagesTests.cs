using System.Buffers.Binary;
using Microsoft.Data.Sqlite;
using ProcNetMon2.Schema.Sqlite;
using ProcNetMon2.Tests.Analyze;

namespace ProcNetMon2.Tests.Schema;

/// <summary>
/// A finished SQLite recording's events are read from the file's b-tree pages directly; a recording in WAL mode (a
/// live or crashed recorder's) through SQLite. Both must give the same events, and a damaged tree one line.
/// </summary>
public sealed class SqliteEventPagesTests : IDisposable
{
    // Enough rows for a b-tree of three levels (root, interior pages, leaves) on 4 KiB pages.
    private const int EventCount = 150_000;
    private readonly TemporaryDirectory directory = new();

    private static List<IoEvent> Events() => Enumerable.Range(0, EventCount)
        .Select(i => new IoEvent(TestRecording.At(i * 0.0001), 1 + i % 3, i % 5 == 0 ? -i : 70_000 + i, 1 + i % 7, (Direction)(i % 2),
            // Every integer width SQLite stores: 0 and 1 (no bytes), 1, 2, 3, 4, 6 and 8 bytes
            // (negative ones in the thread ids).
            (i % 9) switch { 0 => 0, 1 => 1, 2 => 100, 3 => 30_000, 4 => 8_000_000, 5 => 2_000_000_000, 6 => 1L << 40, 7 => (1L << 48) + i, _ => i }))
        .ToList();

    private string Write(List<IoEvent> events, string name)
    {
        var recording = new TestRecording().Process(1, 100, "a").Process(2, 200, "b").Process(3, 300, "c");
        events.ForEach(e => recording.Event(e));
        return recording.WriteTo(directory.File(name));
    }

    /// <summary>The same file switched to WAL mode: its events can then only be read through SQLite.</summary>
    private string InWalMode(string db, string name)
    {
        string copy = directory.File(name);
        File.Copy(db, copy);
        using var connection = new SqliteConnection($"Data Source={copy};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL";
        Assert.Equal("wal", command.ExecuteScalar());
        return copy;
    }

    [Fact]
    public void Pages_and_sqlite_read_the_same_events_whole_windowed_and_in_parallel()
    {
        var written = Events();
        string db = Write(written, "pages.db");
        string wal = InWalMode(db, "wal.db");
        using var pages = RecordingFile.Open(db);
        using var statements = RecordingFile.Open(wal);

        Assert.Equal(3, LevelsOfEvents(db));
        Assert.Equal(written, pages.ReadEvents().ToList());
        Assert.Equal(written, statements.ReadEvents().ToList());
        foreach (var (from, to) in new[] { (0.5, 7.25), (0.0, 0.00005), (14.99, 20.0), (3.0, 3.0), (-1.0, 1.0) })
        {
            long fromNs = TestRecording.At(from), toNs = TestRecording.At(to);
            var expected = written.Where(e => e.TimestampNs >= fromNs && e.TimestampNs < toNs).ToList();
            Assert.Equal(expected, pages.ReadEventBatches(fromNs, toNs).SelectMany(b => b.ToArray()).ToList());
            Assert.Equal(expected, statements.ReadEventBatches(fromNs, toNs).SelectMany(b => b.ToArray()).ToList());
            Assert.Equal(expected, InParallel(pages, fromNs, toNs));
            Assert.Equal(expected, InParallel(statements, fromNs, toNs));
        }
    }

    private static List<IoEvent> InParallel(IRecordingSource source, long fromNs, long toNs)
    {
        var states = source.ReadEventBatchesInParallel(fromNs, toNs, () => new List<IoEvent>(), (list, batch) =>
        {
            for (int i = 1; i < batch.Length; i++)
                Assert.True(batch[i - 1].TimestampNs <= batch[i].TimestampNs);
            list.AddRange(batch.ToArray());
        });
        return states.SelectMany(s => s).OrderBy(e => e.TimestampNs).ToList();
    }

    /// <summary>The root's right-most child pointer (interior page header bytes 8-11) made the root itself, or a page past the file's end.</summary>
    [Theory]
    [InlineData(0, "the b-tree of page {root} loops")]
    [InlineData(10, "a b-tree points to page {beyond}, outside the file's {pages} pages")]
    public async Task A_damaged_child_pointer_of_the_events_tree_is_corruption_in_one_line(int pagesPastTheEnd, string expected)
    {
        string db = Write(Events(), $"damaged-{pagesPastTheEnd}.db");
        var (pageSize, root) = Tree(db);
        long pages = new FileInfo(db).Length / pageSize;
        uint child = pagesPastTheEnd == 0 ? root : (uint)(pages + pagesPastTheEnd);
        Patch(db, (root - 1) * pageSize + 8, child);

        using var file = SqliteTablePages.TryOpen(db)!;
        var failure = Assert.Throws<RecordingException>(() => file.LeavesOf(root, long.MinValue, long.MaxValue));
        var run = await PnmRun.Of("report", db);

        Assert.Equal($"{db} is corrupt: " + expected.Replace("{root}", $"{root}").Replace("{beyond}", $"{child}").Replace("{pages}", $"{pages}"),
            failure.Message);
        AssertCorruptInOneLine(db, run);
    }

    [Fact]
    public async Task A_leaf_that_is_not_a_table_page_is_corruption_in_one_line()
    {
        string db = Write(Events(), "leaf.db");
        var (pageSize, root) = Tree(db);
        uint leaf = SecondLeaf(db, pageSize, root);
        using (var file = File.OpenWrite(db))
        {
            file.Position = (leaf - 1) * pageSize;
            file.WriteByte(0x0A);
        }

        var run = await PnmRun.Of("report", db);

        Assert.NotEqual(0, run.Code);
        Assert.Equal($"pnm: {db} is corrupt: page {leaf} of the events table is not a table leaf page\n", run.Error);
    }

    [Fact]
    public async Task A_recording_in_wal_mode_reports_as_the_same_file_read_from_its_pages()
    {
        string db = Write(Events(), "same.db");
        string wal = InWalMode(db, "same-wal.db");

        var fromPages = await PnmRun.Of("report", db, "--format", "csv");
        var fromStatements = await PnmRun.Of("report", wal, "--format", "csv");

        Assert.Equal(0, fromPages.Code);
        Assert.Contains(",", fromPages.Output);
        Assert.Equal(fromStatements.Output, fromPages.Output);
    }

    /// <summary>SQLite's own reads before the scan may find the damage first: either way, one line.</summary>
    private static void AssertCorruptInOneLine(string db, PnmRun run)
    {
        Assert.NotEqual(0, run.Code);
        Assert.StartsWith($"pnm: {db} is corrupt: ", run.Error);
        Assert.Single(run.Error.TrimEnd('\n').Split('\n'));
    }

    private static (long PageSize, uint Root) Tree(string db)
    {
        using var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT page_size FROM pragma_page_size), rootpage FROM sqlite_master WHERE name = 'events'";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return (reader.GetInt64(0), (uint)reader.GetInt64(1));
    }

    private static int LevelsOfEvents(string db)
    {
        var (pageSize, root) = Tree(db);
        int levels = 1;
        for (uint page = root; PageAt(db, pageSize, page)[0] == 0x05; levels++)
            page = BinaryPrimitives.ReadUInt32BigEndian(PageAt(db, pageSize, page).AsSpan(8));
        return levels;
    }

    /// <summary>The second child of the first interior page above the leaves (the first tells the walk that leaves are below).</summary>
    private static uint SecondLeaf(string db, long pageSize, uint root)
    {
        uint page = root;
        while (true)
        {
            var bytes = PageAt(db, pageSize, page);
            uint first = Child(bytes, 0);
            if (PageAt(db, pageSize, first)[0] != 0x05)
                return Child(bytes, 1);
            page = first;
        }

        static uint Child(byte[] interior, int cell) =>
            BinaryPrimitives.ReadUInt32BigEndian(interior.AsSpan(BinaryPrimitives.ReadUInt16BigEndian(interior.AsSpan(12 + 2 * cell))));
    }

    private static byte[] PageAt(string db, long pageSize, uint page)
    {
        using var file = File.OpenRead(db);
        var bytes = new byte[pageSize];
        file.Position = (page - 1) * pageSize;
        file.ReadExactly(bytes);
        return bytes;
    }

    private static void Patch(string db, long offset, uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        using var file = File.OpenWrite(db);
        file.Position = offset;
        file.Write(bytes);
    }

    public void Dispose() => directory.Dispose();
}
