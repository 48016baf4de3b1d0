using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace ProcNetMon2.Schema.Sqlite;

/// <summary>
/// Decodes the events table's rows (ts_ns, process_id, tid, socket_id, direction, bytes: SqliteDdl's column order)
/// from its leaf pages, read a run of adjacent pages at a time, into batches in rowid order. Each value must be
/// stored as an integer and the direction must be 0 or 1: anything else is a row that is not an event.
/// One instance per reading thread.
/// </summary>
internal sealed class SqliteEventLeaves
{
    private const int BatchSize = 8192;
    private readonly SqliteTablePages pages;
    private readonly byte[] buffer;
    private readonly int runPages;
    private readonly IoEvent[] batch;

    public SqliteEventLeaves(SqliteTablePages pages)
    {
        this.pages = pages;
        runPages = Math.Max(1, (256 << 10) / pages.PageSize);
        buffer = new byte[runPages * pages.PageSize];
        // A leaf holds at most one cell per 2-byte pointer: a batch always has room for the next whole page.
        batch = new IoEvent[BatchSize + pages.UsableSize / 2];
    }

    /// <summary>The rows with rowids in [<paramref name="firstRowid"/>, <paramref name="lastRowid"/>] of the given leaves; a batch is valid until the next.</summary>
    public IEnumerable<ReadOnlyMemory<IoEvent>> Read(IReadOnlyList<uint> leaves, int start, int count, long firstRowid, long lastRowid)
    {
        int filled = 0;
        for (int i = start, end = start + count; i < end;)
        {
            int run = 1;
            while (run < runPages && i + run < end && leaves[i + run] == leaves[i] + run)
                run++;
            pages.Read(leaves[i], run, buffer);
            for (int p = 0; p < run; p++)
            {
                filled += DecodeLeaf(buffer.AsSpan(p * pages.PageSize, pages.PageSize), leaves[i] + (uint)p, firstRowid, lastRowid, batch.AsSpan(filled));
                if (filled >= BatchSize)
                {
                    yield return new ReadOnlyMemory<IoEvent>(batch, 0, filled);
                    filled = 0;
                }
            }
            i += run;
        }
        if (filled > 0)
            yield return new ReadOnlyMemory<IoEvent>(batch, 0, filled);
    }

    // Per row: jitted fully optimized rather than run from a published pnm's ReadyToRun code, which is slower here.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int DecodeLeaf(ReadOnlySpan<byte> page, uint number, long firstRowid, long lastRowid, Span<IoEvent> output)
    {
        int header = SqliteTablePages.HeaderOffset(number);
        if (page[header] != 0x0D)
            throw pages.Corrupt($"page {number} of the events table is not a table leaf page");
        int cells = BinaryPrimitives.ReadUInt16BigEndian(page[(header + 3)..]);
        int usable = pages.UsableSize;
        if (header + 8 + 2 * cells > usable)
            throw pages.Corrupt($"page {number} holds more cells than fit");
        page = page[..usable];
        // The largest payload kept whole on a leaf page; a larger one spills to overflow pages, which no event needs.
        int maxLocal = usable - 35;
        int count = 0;
        for (int c = 0; c < cells; c++)
        {
            int at = pages.CellOffset(page, header + 8, c, number);
            at += Varint(page, at, out long payload, number);
            at += Varint(page, at, out long rowid, number);
            if (rowid < firstRowid || rowid > lastRowid)
                continue;
            // Unsigned: a crafted nine-byte varint reads as a negative size.
            if ((ulong)payload > (ulong)maxLocal || at + payload > usable)
                throw NotAnEvent();
            var record = page.Slice(at, (int)payload);
            int typeAt = Varint(record, 0, out long headerSize, number);
            if (headerSize > record.Length)
                throw NotAnEvent();
            int valueAt = (int)headerSize;
            long timestamp = Column(record, ref typeAt, ref valueAt, headerSize, number);
            long process = Column(record, ref typeAt, ref valueAt, headerSize, number);
            long thread = Column(record, ref typeAt, ref valueAt, headerSize, number);
            long socket = Column(record, ref typeAt, ref valueAt, headerSize, number);
            long direction = Column(record, ref typeAt, ref valueAt, headerSize, number);
            long bytes = Column(record, ref typeAt, ref valueAt, headerSize, number);
            if (direction is not ((int)Direction.Tx or (int)Direction.Rx))
                throw NotAnEvent();
            output[count++] = new IoEvent(timestamp, process, (int)thread, socket, (Direction)direction, bytes);
        }
        return count;
    }

    /// <summary>The next column's value: its serial type from the record header at <paramref name="typeAt"/>, its bytes at <paramref name="valueAt"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long Column(ReadOnlySpan<byte> record, ref int typeAt, ref int valueAt, long headerSize, uint page)
    {
        if (typeAt >= headerSize)
            throw NotAnEvent();
        typeAt += Varint(record, typeAt, out long serialType, page);
        return serialType switch
        {
            8 => 0,
            9 => 1,
            >= 1 and <= 6 => Integer(record, ref valueAt, (int)serialType),
            _ => throw NotAnEvent(),
        };
    }

    /// <summary>A big-endian two's complement integer of serial type 1-6 (1, 2, 3, 4, 6 or 8 bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long Integer(ReadOnlySpan<byte> record, ref int at, int serialType)
    {
        int size = serialType switch { 5 => 6, 6 => 8, _ => serialType };
        if ((uint)(at + size) > (uint)record.Length)
            throw NotAnEvent();
        var bytes = record[at..];
        at += size;
        return size switch
        {
            1 => (sbyte)bytes[0],
            2 => BinaryPrimitives.ReadInt16BigEndian(bytes),
            3 => ((long)(sbyte)bytes[0] << 16) | BinaryPrimitives.ReadUInt16BigEndian(bytes[1..]),
            4 => BinaryPrimitives.ReadInt32BigEndian(bytes),
            6 => ((long)BinaryPrimitives.ReadInt16BigEndian(bytes) << 32) | BinaryPrimitives.ReadUInt32BigEndian(bytes[2..]),
            _ => BinaryPrimitives.ReadInt64BigEndian(bytes),
        };
    }

    /// <summary>A varint of up to four bytes (every value of an event row but a large rowid or timestamp) read here; longer ones by the pages' reader.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Varint(ReadOnlySpan<byte> bytes, int at, out long value, uint page)
    {
        if ((uint)(at + 4) <= (uint)bytes.Length)
        {
            long result = 0;
            for (int i = 0; i < 4; i++)
            {
                byte b = bytes[at + i];
                result = (result << 7) | (uint)(b & 0x7F);
                if (b < 0x80)
                {
                    value = result;
                    return i + 1;
                }
            }
        }
        return pages.ReadVarint((uint)at < (uint)bytes.Length ? bytes[at..] : [], out value, page);
    }

    private RecordingException NotAnEvent() => pages.Corrupt("an event row holds values that are not an event");
}
