namespace ProcNetMon2.Schema.Segments;

/// <summary>
/// Metadata records waiting for the next metadata frame, and what that frame's header will say of them: for a series
/// frame, which kinds of time-series records it holds and the time range they cover.
/// </summary>
internal sealed class PendingMetadata
{
    private readonly ByteBuffer records = new();
    private long minNs = long.MaxValue, maxNs = long.MinValue;

    public int Count { get; private set; }
    public FrameFlags Flags { get; private set; }
    public ReadOnlySpan<byte> Records => records.Written;
    public long MinTimestampNs => Count == 0 || Flags == FrameFlags.None ? 0 : minNs;
    public long MaxTimestampNs => Count == 0 || Flags == FrameFlags.None ? 0 : maxNs;

    public void Add<T>(T record, Action<T, ByteBuffer> write)
    {
        write(record, records);
        Count++;
    }

    /// <summary>A time-series record of <paramref name="kind"/>, whose time runs from <paramref name="startNs"/> to <paramref name="endNs"/>.</summary>
    public void AddSeries<T>(T record, Action<T, ByteBuffer> write, FrameFlags kind, long startNs, long endNs)
    {
        Add(record, write);
        Flags |= FrameFlags.Series | kind;
        minNs = Math.Min(minNs, Math.Min(startNs, endNs));
        maxNs = Math.Max(maxNs, Math.Max(startNs, endNs));
    }

    public void Clear()
    {
        records.Clear();
        Count = 0;
        Flags = FrameFlags.None;
        (minNs, maxNs) = (long.MaxValue, long.MinValue);
    }
}
