using System.Buffers.Binary;

namespace ProcNetMon2.Schema.Segments;

/// <summary>Reads the column layout that <see cref="EventBlockEncoder"/> writes, checking every count and index.</summary>
internal static class EventBlockDecoder
{
    /// <summary>Decodes into <paramref name="events"/> (grown when needed) and returns how many there are.</summary>
    /// <exception cref="SegmentFormatException">The payload does not match the layout or its frame header.</exception>
    public static int Decode(ReadOnlySpan<byte> payload, in FrameHeader frame, ref IoEvent[] events)
    {
        var reader = new SpanReader(payload);
        int count = reader.ReadCount(payload.Length, "event count");
        if (count != frame.Count)
            throw new SegmentFormatException($"block holds {count} events, its header says {frame.Count}");
        int entryCount = reader.ReadCount(count, "dictionary size");

        Span<long> processIds = entryCount <= 1024 ? stackalloc long[entryCount] : new long[entryCount];
        Span<long> socketIds = entryCount <= 1024 ? stackalloc long[entryCount] : new long[entryCount];
        Span<int> tids = entryCount <= 1024 ? stackalloc int[entryCount] : new int[entryCount];
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
        var indexes = reader.ReadBytes(checked(count * width));

        if (events.Length < count)
            events = new IoEvent[Math.Max(count, events.Length * 2)];
        var output = events.AsSpan(0, count);

        long ts = frame.MinTimestampNs;
        for (int i = 0; i < count; i++)
        {
            int entry = width switch
            {
                1 => indexes[i],
                2 => BinaryPrimitives.ReadUInt16LittleEndian(indexes[(i * 2)..]),
                _ => BinaryPrimitives.ReadInt32LittleEndian(indexes[(i * 4)..]),
            };
            if ((uint)entry >= (uint)entryCount)
                throw new SegmentFormatException($"dictionary index {entry} is out of range");
            ts += (long)reader.ReadVarint();
            output[i] = new IoEvent(ts, processIds[entry], tids[entry], socketIds[entry], (Direction)directions[entry], 0);
        }
        if (count > 0 && ts != frame.MaxTimestampNs)
            throw new SegmentFormatException("timestamps do not end at the header's max timestamp");
        for (int i = 0; i < count; i++)
            output[i] = output[i] with { Bytes = (long)reader.ReadVarint() };
        reader.ExpectEnd();
        return count;
    }
}
