namespace ProcNetMon2.Schema.Segments;

/// <summary>The arrays behind <see cref="EventColumns"/>, kept from block to block (one set per thread) and grown when needed.</summary>
internal sealed class EventColumnArrays
{
    private IoEvent[] entries = [];
    private int[] entryIndexes = [];
    private long[] timestamps = [], bytes = [];

    public Span<IoEvent> Entries(int count) => Room(ref entries, count);
    public Span<int> EntryIndexes(int count) => Room(ref entryIndexes, count);
    public Span<long> Timestamps(int count) => Room(ref timestamps, count);
    public Span<long> Bytes(int count) => Room(ref bytes, count);

    /// <summary>Rows as columns of one entry per event (a merged group of blocks, whose dictionaries differ).</summary>
    public EventColumns Of(ReadOnlySpan<IoEvent> events)
    {
        var entries = Entries(events.Length);
        var entryIndexes = EntryIndexes(events.Length);
        var timestamps = Timestamps(events.Length);
        var bytes = Bytes(events.Length);
        for (int i = 0; i < events.Length; i++)
        {
            entries[i] = events[i];
            entryIndexes[i] = i;
            timestamps[i] = events[i].TimestampNs;
            bytes[i] = events[i].Bytes;
        }
        return new EventColumns(entries, entryIndexes, timestamps, bytes);
    }

    /// <summary>Makes room for the per-event columns of blocks of up to <paramref name="events"/> events at once.</summary>
    public void Reserve(int events)
    {
        Room(ref entryIndexes, events);
        Room(ref timestamps, events);
        Room(ref bytes, events);
    }

    /// <summary>The first <paramref name="count"/> elements of <paramref name="buffer"/>, grown to at least twice its length when too short.</summary>
    public static Span<T> Room<T>(ref T[] buffer, int count)
    {
        if (buffer.Length < count)
            buffer = new T[Math.Max(count, buffer.Length * 2)];
        return buffer.AsSpan(0, count);
    }
}
