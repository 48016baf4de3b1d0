using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace ProcNetMon2.Schema.Segments;

/// <summary>Reads the column layout that <see cref="EventBlockEncoder"/> writes, checking every count and index. Reuses its buffers: one per thread.</summary>
internal sealed class EventBlockDecoder
{
    // Kept from block to block: a block of thousands of sockets has thousands of dictionary entries, and fresh arrays per
    // block (the templates alone 48 bytes an entry, past the large object threshold) made every collection a full one.
    private int[] indexes = new int[1024];
    private long[] processIds = [], socketIds = [];
    private int[] tids = [];
    private IoEvent[] templates = [];

    /// <summary>Decodes into <paramref name="events"/> (grown when needed) and returns how many there are.</summary>
    /// <exception cref="SegmentFormatException">The payload does not match the layout or its frame header.</exception>
    // Called once per block, so tiered compilation would run it unoptimised for the first ~30 blocks.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Decode(ReadOnlySpan<byte> payload, in FrameHeader frame, ref IoEvent[] events)
    {
        var reader = new SpanReader(payload);
        int count = reader.ReadCount(payload.Length, "event count");
        if (count != frame.Count)
            throw new SegmentFormatException($"block holds {count} events, its header says {frame.Count}");
        int entryCount = reader.ReadCount(count, "dictionary size");

        var processIds = Room(ref this.processIds, entryCount);
        var socketIds = Room(ref this.socketIds, entryCount);
        var tids = Room(ref this.tids, entryCount);
        for (int d = 0; d < entryCount; d++)
            processIds[d] = (long)reader.ReadVarint();
        for (int d = 0; d < entryCount; d++)
            socketIds[d] = (long)reader.ReadVarint();
        for (int d = 0; d < entryCount; d++)
        {
            ulong tid = reader.ReadVarint();
            if (tid > uint.MaxValue)
                throw new SegmentFormatException($"thread id {tid} is out of range");
            tids[d] = (int)(uint)tid;
        }
        var directions = reader.ReadBytes(entryCount);
        foreach (byte direction in directions)
            if (direction > (byte)Direction.Rx)
                throw new SegmentFormatException($"direction {direction} is neither tx nor rx");

        int width = reader.ReadByte();
        if (width != EventBlockEncoder.IndexWidth(entryCount))
            throw new SegmentFormatException($"index width {width} does not fit {entryCount} dictionary entries");
        var indexBytes = reader.ReadBytes(checked(count * width));
        var timestampColumn = new SpanReader(reader.ReadBytes(reader.ReadCount(reader.Remaining, "timestamp column length")));

        var entries = Room(ref indexes, count);
        ReadIndexes(indexBytes, width, entries);
        var templates = Room(ref this.templates, entryCount);
        for (int d = 0; d < entryCount; d++)
            templates[d] = new IoEvent(0, processIds[d], tids[d], socketIds[d], (Direction)directions[d], 0);

        if (events.Length < count)
            events = new IoEvent[Math.Max(count, events.Length * 2)];
        var output = events.AsSpan(0, count);
        long ts = frame.MinTimestampNs;
        for (int i = 0; i < count; i++)
        {
            int entry = entries[i];
            if ((uint)entry >= (uint)entryCount)
                throw new SegmentFormatException($"dictionary index {entry} is out of range");
            ref readonly var template = ref templates[entry];
            ts += (long)timestampColumn.ReadVarint();
            output[i] = new IoEvent(ts, template.ProcessId, template.Tid, template.SocketId, template.Direction, (long)reader.ReadVarint());
        }
        timestampColumn.ExpectEnd();
        if (count > 0 && ts != frame.MaxTimestampNs)
            throw new SegmentFormatException("timestamps do not end at the header's max timestamp");
        reader.ExpectEnd();
        return count;
    }

    /// <summary>The first <paramref name="count"/> elements of <paramref name="buffer"/>, grown to at least twice its length when too short.</summary>
    private static Span<T> Room<T>(ref T[] buffer, int count)
    {
        if (buffer.Length < count)
            buffer = new T[Math.Max(count, buffer.Length * 2)];
        return buffer.AsSpan(0, count);
    }

    private static void ReadIndexes(ReadOnlySpan<byte> bytes, int width, Span<int> indexes)
    {
        switch (width)
        {
            case 1:
                for (int i = 0; i < indexes.Length; i++)
                    indexes[i] = bytes[i];
                break;
            case 2:
                for (int i = 0; i < indexes.Length; i++)
                    indexes[i] = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(i * 2)..]);
                break;
            default:
                for (int i = 0; i < indexes.Length; i++)
                    indexes[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes[(i * 4)..]);
                break;
        }
    }
}
