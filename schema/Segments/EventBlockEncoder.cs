using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ProcNetMon2.Schema.Segments;

/// <summary>
/// Lays out one block of events (sorted by timestamp) column by column, before compression.
/// <code>
///  varint N                       events
///  varint D                       dictionary entries: the block's distinct (process, socket, tid, direction)
///  D × varint process_id
///  D × varint socket_id
///  D × varint tid                 (as u32)
///  D × u8     direction           0 tx, 1 rx
///  u8         W                   index width: 1, 2 or 4 bytes
///  N × W      dictionary index    little-endian
///  varint T                       byte length of the timestamp column, so both varint columns decode in one pass
///  N × varint timestamp delta     from the previous event; the first from the frame's min ts
///  N × varint bytes
/// </code>
/// Varints are LEB128 of the value as u64. Columns of like values next to each other are what
/// lets zstd find the repetition.
/// </summary>
internal sealed class EventBlockEncoder
{
    private readonly record struct FlowKey(long ProcessId, long SocketId, int Tid, Direction Direction);

    private readonly Dictionary<FlowKey, int> dictionary = [];
    private readonly List<FlowKey> entries = [];
    private int[] indexes = new int[1024];
    private readonly ByteBuffer timestamps = new(64 * 1024);

    // Called once per block, so tiered compilation would run it unoptimised for the first ~30 blocks.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Encode(ReadOnlySpan<IoEvent> events, ByteBuffer output)
    {
        dictionary.Clear();
        entries.Clear();
        if (indexes.Length < events.Length)
            indexes = new int[Math.Max(events.Length, indexes.Length * 2)];

        for (int i = 0; i < events.Length; i++)
        {
            ref readonly var e = ref events[i];
            ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(dictionary, new FlowKey(e.ProcessId, e.SocketId, e.Tid, e.Direction), out bool known);
            if (!known)
            {
                slot = entries.Count;
                entries.Add(new FlowKey(e.ProcessId, e.SocketId, e.Tid, e.Direction));
            }
            indexes[i] = slot;
        }

        output.WriteVarint((ulong)events.Length);
        output.WriteVarint((ulong)entries.Count);
        foreach (var entry in entries)
            output.WriteVarint((ulong)entry.ProcessId);
        foreach (var entry in entries)
            output.WriteVarint((ulong)entry.SocketId);
        foreach (var entry in entries)
            output.WriteVarint((uint)entry.Tid);
        foreach (var entry in entries)
            output.WriteByte((byte)entry.Direction);

        int width = IndexWidth(entries.Count);
        output.WriteByte((byte)width);
        WriteIndexes(indexes.AsSpan(0, events.Length), width, output);

        timestamps.Clear();
        long previous = events.Length > 0 ? events[0].TimestampNs : 0;
        foreach (ref readonly var e in events)
        {
            timestamps.WriteVarint((ulong)(e.TimestampNs - previous));
            previous = e.TimestampNs;
        }
        output.WriteVarint((ulong)timestamps.Length);
        output.WriteBytes(timestamps.Written);
        foreach (ref readonly var e in events)
            output.WriteVarint((ulong)e.Bytes);
    }

    public static int IndexWidth(int entryCount) => entryCount switch
    {
        <= 256 => 1,
        <= 65_536 => 2,
        _ => 4,
    };

    private static void WriteIndexes(ReadOnlySpan<int> indexes, int width, ByteBuffer output)
    {
        var span = output.Reserve(indexes.Length * width);
        switch (width)
        {
            case 1:
                for (int i = 0; i < indexes.Length; i++)
                    span[i] = (byte)indexes[i];
                break;
            case 2:
                for (int i = 0; i < indexes.Length; i++)
                    BinaryPrimitives.WriteUInt16LittleEndian(span[(i * 2)..], (ushort)indexes[i]);
                break;
            default:
                for (int i = 0; i < indexes.Length; i++)
                    BinaryPrimitives.WriteInt32LittleEndian(span[(i * 4)..], indexes[i]);
                break;
        }
        output.Advance(indexes.Length * width);
    }
}
