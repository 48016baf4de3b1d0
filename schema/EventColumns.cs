namespace ProcNetMon2.Schema;

/// <summary>
/// Events as a segment block stores them, in columns: event i is the process, thread, socket and direction of
/// <c>Entries[EntryIndexes[i]]</c> (an entry's own time and bytes mean nothing), at <c>Timestamps[i]</c>, with
/// <c>Bytes[i]</c>; in timestamp order. A reader of many events looks each entry up once instead of once per event,
/// and moves a third of the bytes a row per event would. Valid until the next block is taken.
/// </summary>
public readonly ref struct EventColumns
{
    public EventColumns(ReadOnlySpan<IoEvent> entries, ReadOnlySpan<int> entryIndexes, ReadOnlySpan<long> timestamps, ReadOnlySpan<long> bytes)
    {
        if (entryIndexes.Length != timestamps.Length || bytes.Length != timestamps.Length)
            throw new ArgumentException("the columns differ in length");
        Entries = entries;
        EntryIndexes = entryIndexes;
        Timestamps = timestamps;
        Bytes = bytes;
    }

    public ReadOnlySpan<IoEvent> Entries { get; }
    /// <summary>Each event's entry: an index into <see cref="Entries"/>, checked by whoever made the columns.</summary>
    public ReadOnlySpan<int> EntryIndexes { get; }
    public ReadOnlySpan<long> Timestamps { get; }
    public ReadOnlySpan<long> Bytes { get; }
    public int Count => Timestamps.Length;

    /// <summary>Event <paramref name="index"/> as a row.</summary>
    public IoEvent this[int index] => Entries[EntryIndexes[index]] with { TimestampNs = Timestamps[index], Bytes = Bytes[index] };

    /// <summary>The events from <paramref name="start"/> to <paramref name="end"/> (exclusive), with all the entries.</summary>
    public EventColumns Slice(int start, int end) =>
        new(Entries, EntryIndexes[start..end], Timestamps[start..end], Bytes[start..end]);

    /// <summary>The index of the first event at or after <paramref name="timestampNs"/> (<see cref="Count"/> if none).</summary>
    public int FirstAtOrAfter(long timestampNs)
    {
        int low = 0, high = Count; // Timestamps[..low] < timestampNs <= Timestamps[high..]
        while (low < high)
        {
            int middle = low + (high - low) / 2;
            if (Timestamps[middle] < timestampNs)
                low = middle + 1;
            else
                high = middle;
        }
        return low;
    }
}
