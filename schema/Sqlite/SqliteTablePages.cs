using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;

namespace ProcNetMon2.Schema.Sqlite;

/// <summary>
/// The leaf pages of one table's b-tree in a SQLite file whose content is all in the main file (rollback journal mode,
/// no journal pending), read straight from the file as SQLite's file format lays them out
/// (https://www.sqlite.org/fileformat2.html): the caller holds a read transaction on the file meanwhile, so no writer
/// can change it. Every offset is checked against its page, each page is visited at most once: a damaged or crafted
/// file fails with one line, it cannot loop or read outside the file.
/// </summary>
internal sealed class SqliteTablePages : IDisposable
{
    private const int InteriorTablePage = 0x05, LeafTablePage = 0x0D, MaxDepth = 64;
    private readonly SafeFileHandle file;
    private readonly string path;

    public int PageSize { get; }
    /// <summary>The bytes of a page SQLite uses: the page less the space reserved at its end.</summary>
    public int UsableSize { get; }
    public long PageCount { get; }

    private SqliteTablePages(SafeFileHandle file, string path, int pageSize, int usableSize, long pageCount)
    {
        this.file = file;
        this.path = path;
        PageSize = pageSize;
        UsableSize = usableSize;
        PageCount = pageCount;
    }

    /// <summary>Null when the file's content may not all be in the main file (WAL mode) or its header is not one this reads.</summary>
    public static SqliteTablePages? TryOpen(string path)
    {
        var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            Span<byte> header = stackalloc byte[100];
            if (RandomAccess.Read(file, header, 0) != header.Length)
                return Closed(file);
            int pageSize = BinaryPrimitives.ReadUInt16BigEndian(header[16..]) is var size && size == 1 ? 65536 : size;
            // 1 and 1: rollback journal (legacy) mode; 2 is WAL, whose pages may be in the -wal file.
            bool rollbackMode = header[18] == 1 && header[19] == 1;
            int reserved = header[20];
            if (!rollbackMode || pageSize < 512 || (pageSize & (pageSize - 1)) != 0 || pageSize - reserved < 480)
                return Closed(file);
            long pageCount = RandomAccess.GetLength(file) / pageSize;
            // The in-header size is valid only when written by a SQLite that kept it (same change counter).
            if (BinaryPrimitives.ReadUInt32BigEndian(header[92..]) == BinaryPrimitives.ReadUInt32BigEndian(header[24..])
                && BinaryPrimitives.ReadUInt32BigEndian(header[28..]) is var inHeader and > 0)
                pageCount = Math.Min(pageCount, inHeader);
            return new SqliteTablePages(file, path, pageSize, pageSize - reserved, pageCount);
        }
        catch
        {
            file.Dispose();
            throw;
        }

        static SqliteTablePages? Closed(SafeFileHandle file)
        {
            file.Dispose();
            return null;
        }
    }

    /// <summary>
    /// The leaf pages of the table rooted at <paramref name="rootPage"/> that may hold a rowid in
    /// [<paramref name="firstRowid"/>, <paramref name="lastRowid"/>], in rowid order.
    /// </summary>
    public List<uint> LeavesOf(long rootPage, long firstRowid, long lastRowid)
    {
        var leaves = new List<uint>();
        var visited = new bool[PageCount + 1];
        var page = new byte[PageSize];
        Walk(Checked(rootPage), 0);
        return leaves;

        // All leaves of a b-tree are at the same depth: below an interior page whose first child is a leaf, every
        // child is one and is not read here (the leaf decoder checks each page's type).
        void Walk(uint number, int depth)
        {
            Visit(number, depth);
            Read(number, page);
            int header = HeaderOffset(number);
            if (page[header] == LeafTablePage)
            {
                leaves.Add(number);
                return;
            }
            if (page[header] != InteriorTablePage)
                throw Corrupt($"page {number} is not a table b-tree page");
            int cells = BinaryPrimitives.ReadUInt16BigEndian(page.AsSpan(header + 3));
            if (header + 12 + 2 * cells > UsableSize)
                throw Corrupt($"page {number} holds more cells than fit");
            // Copied out: the walk below reuses the page buffer.
            var children = new (uint Page, long LastRowid)[cells + 1];
            for (int i = 0; i < cells; i++)
            {
                int cell = CellOffset(page, header + 12, i, number);
                uint child = BinaryPrimitives.ReadUInt32BigEndian(page.AsSpan(cell, 4));
                ReadVarint(page.AsSpan(cell + 4, UsableSize - cell - 4), out long key, number);
                children[i] = (child, key);
            }
            children[cells] = (BinaryPrimitives.ReadUInt32BigEndian(page.AsSpan(header + 8, 4)), long.MaxValue);
            bool leavesBelow = IsLeaf(Checked(children[0].Page), page);
            long previous = long.MinValue;
            foreach (var (child, last) in children)
            {
                // A child holds the rowids above the previous cell's key up to and including its own.
                if (last >= firstRowid && previous < lastRowid)
                {
                    if (leavesBelow)
                    {
                        Visit(Checked(child), depth + 1);
                        leaves.Add(child);
                    }
                    else
                        Walk(Checked(child), depth + 1);
                }
                previous = last;
            }
        }

        void Visit(uint number, int depth)
        {
            if (depth > MaxDepth || visited[number])
                throw Corrupt($"the b-tree of page {number} loops");
            visited[number] = true;
        }
    }

    private bool IsLeaf(uint number, byte[] page)
    {
        Read(number, page);
        return page[HeaderOffset(number)] == LeafTablePage;
    }

    /// <summary>Reads pages <paramref name="first"/>..first + count - 1 into <paramref name="buffer"/>, one after another.</summary>
    public void Read(uint first, int count, Span<byte> buffer)
    {
        var target = buffer[..(count * PageSize)];
        int read;
        try
        {
            read = RandomAccess.Read(file, target, (long)(first - 1) * PageSize);
        }
        catch (IOException e)
        {
            throw new RecordingException($"cannot read {path}: {e.Message}", e);
        }
        if (read != target.Length)
            throw Corrupt($"page {first + count - 1} lies beyond the end of the file");
    }

    private void Read(uint number, byte[] page) => Read(number, 1, page);

    /// <summary>Where the b-tree page header starts: page 1 begins with the file's 100-byte header.</summary>
    public static int HeaderOffset(uint page) => page == 1 ? 100 : 0;

    /// <summary>The offset of cell <paramref name="index"/> from the page's cell pointer array at <paramref name="pointers"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int CellOffset(ReadOnlySpan<byte> page, int pointers, int index, uint number)
    {
        int cell = BinaryPrimitives.ReadUInt16BigEndian(page[(pointers + 2 * index)..]);
        if (cell < pointers || cell + 4 >= UsableSize)
            throw Corrupt($"a cell of page {number} lies outside it");
        return cell;
    }

    /// <summary>Reads a SQLite varint (big-endian, 7 bits a byte, the ninth byte whole); returns its length.</summary>
    public int ReadVarint(ReadOnlySpan<byte> bytes, out long value, uint page)
    {
        ulong result = 0;
        for (int i = 0; i < 8; i++)
        {
            if (i >= bytes.Length)
                throw Corrupt($"a cell of page {page} runs past its end");
            byte b = bytes[i];
            result = (result << 7) | (uint)(b & 0x7F);
            if (b < 0x80)
            {
                value = (long)result;
                return i + 1;
            }
        }
        if (bytes.Length < 9)
            throw Corrupt($"a cell of page {page} runs past its end");
        value = (long)((result << 8) | bytes[8]);
        return 9;
    }

    private uint Checked(long page) => page >= 1 && page <= PageCount
        ? (uint)page
        : throw Corrupt($"a b-tree points to page {page}, outside the file's {PageCount} pages");

    public RecordingException Corrupt(string what) => new($"{path} is corrupt: {what}");

    public void Dispose() => file.Dispose();
}
