using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace ProcNetMon2.Schema.Segments;

/// <summary>Reads the column layout that <see cref="EventBlockEncoder"/> writes, checking every count and index. Reuses its buffers: one per thread.</summary>
internal sealed class EventBlockDecoder
{
    // Kept from block to block: a block of thousands of sockets has thousands of dictionary entries, and fresh arrays per
    // block (the entries alone 48 bytes each, past the large object threshold) made every collection a full one.
    private long[] processIds = [], socketIds = [];
    private int[] tids = [];
    private readonly EventColumnArrays columns = new();

    /// <summary>Makes room for the per-event columns of blocks of up to <paramref name="events"/> events at once.</summary>
    public void Reserve(int events) => columns.Reserve(events);

    /// <summary>Decodes into <paramref name="events"/> (grown when needed) and returns how many there are.</summary>
    /// <exception cref="SegmentFormatException">The payload does not match the layout or its frame header.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Decode(ReadOnlySpan<byte> payload, in FrameHeader frame, ref IoEvent[] events)
    {
        var decoded = DecodeColumns(payload, frame);
        if (events.Length < decoded.Count)
            events = new IoEvent[Math.Max(decoded.Count, events.Length * 2)];
        var output = events.AsSpan(0, decoded.Count);
        var entries = decoded.Entries;
        var entryIndexes = decoded.EntryIndexes;
        var timestamps = decoded.Timestamps;
        var bytes = decoded.Bytes;
        for (int i = 0; i < output.Length; i++)
        {
            ref readonly var entry = ref entries[entryIndexes[i]];
            output[i] = new IoEvent(timestamps[i], entry.ProcessId, entry.Tid, entry.SocketId, entry.Direction, bytes[i]);
        }
        return decoded.Count;
    }

    /// <summary>Decodes into this decoder's columns, valid until its next block; every entry index is checked.</summary>
    /// <exception cref="SegmentFormatException">The payload does not match the layout or its frame header.</exception>
    // Called once per block, so tiered compilation would run it unoptimised for the first ~30 blocks.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public EventColumns DecodeColumns(scoped ReadOnlySpan<byte> payload, scoped in FrameHeader frame)
    {
        var reader = new SpanReader(payload);
        int count = reader.ReadCount(payload.Length, "event count");
        if (count != frame.Count)
            throw new SegmentFormatException($"block holds {count} events, its header says {frame.Count}");
        int entryCount = reader.ReadCount(count, "dictionary size");

        var processIds = EventColumnArrays.Room(ref this.processIds, entryCount);
        var socketIds = EventColumnArrays.Room(ref this.socketIds, entryCount);
        var tids = EventColumnArrays.Room(ref this.tids, entryCount);
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

        var entryIndexes = columns.EntryIndexes(count);
        ReadIndexes(indexBytes, width, entryIndexes);
        foreach (int entry in entryIndexes)
            if ((uint)entry >= (uint)entryCount)
                throw new SegmentFormatException($"dictionary index {entry} is out of range");
        var entries = columns.Entries(entryCount);
        for (int d = 0; d < entryCount; d++)
            entries[d] = new IoEvent(0, processIds[d], tids[d], socketIds[d], (Direction)directions[d], 0);

        var timestamps = columns.Timestamps(count);
        var bytes = columns.Bytes(count);
        long ts = frame.MinTimestampNs;
        for (int i = 0; i < count; i++)
        {
            ts += (long)timestampColumn.ReadVarint();
            timestamps[i] = ts;
            bytes[i] = (long)reader.ReadVarint();
        }
        timestampColumn.ExpectEnd();
        if (count > 0 && ts != frame.MaxTimestampNs)
            throw new SegmentFormatException("timestamps do not end at the header's max timestamp");
        reader.ExpectEnd();
        return new EventColumns(entries, entryIndexes, timestamps, bytes);
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
