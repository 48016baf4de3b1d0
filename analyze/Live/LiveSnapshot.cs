using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze.Live;

/// <summary>
/// One interval of a live capture or a replay: every (process, socket) pair that ever moved payload,
/// with its bytes in the interval and since the start, and what the recorder said about itself.
/// Immutable, so it can cross from the recorder's writer thread to the view.
/// </summary>
public sealed record LiveSnapshot
{
    public required RecordingInfo Info { get; init; }
    /// <summary>Monotonic nanoseconds, as the recording's timestamps.</summary>
    public required long StartNs { get; init; }
    public required long EndNs { get; init; }
    public required IReadOnlyList<PairTraffic> Pairs { get; init; }
    public required RecorderHealth Health { get; init; }
    /// <summary>The last interval: the capture or replay has ended.</summary>
    public bool Final { get; init; }

    public double Seconds => Math.Max(EndNs - StartNs, 1) / 1e9;
    public DateTimeOffset EndTime => Info.ToWallClock(EndNs);
}

/// <summary>
/// Payload bytes of one process on one socket (either may be unknown: null) in the interval and before it,
/// the socket's packets and TCP retransmits in the interval.
/// </summary>
public sealed record PairTraffic(ProcessRecord? Process, SocketRecord? Socket, ByteCounts Interval, ByteCounts Total,
    ByteCounts IntervalPackets = default, long IntervalRetransmits = 0)
{
    /// <summary>The top of the process's lineage as known at the interval's end (see <see cref="ProcessLineage"/>); null without a process.</summary>
    public ProcessRecord? TreeRoot { get; init; }
    /// <summary>The socket's interface as its packets counted until the interval's end show it (see <see cref="SocketInterfaces"/>); null while none were.</summary>
    public string? Iface { get; init; }
}

public readonly record struct ByteCounts(long Tx, long Rx)
{
    public long Both => Tx + Rx;
    public static ByteCounts operator +(ByteCounts a, ByteCounts b) => new(a.Tx + b.Tx, a.Rx + b.Rx);
    public static ByteCounts operator -(ByteCounts a, ByteCounts b) => new(a.Tx - b.Tx, a.Rx - b.Rx);
}

/// <summary>The recorder's own figures over one interval (from its recorder-statistics and loss rows).</summary>
public sealed record RecorderHealth
{
    public long EventsSubmitted { get; init; }
    public long CallsSummarized { get; init; }
    public long LostEvents { get; init; }
    public long LostEventsTotal { get; init; }
    public double CpuSeconds { get; init; }
    public long RssBytes { get; init; }
    public long RingFillPeakBytes { get; init; }
}
