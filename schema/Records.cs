namespace ProcNetMon2.Schema;

// What a recording holds, independent of its storage format. Timestamps are CLOCK_MONOTONIC
// nanoseconds as the kernel reported them; RecordingInfo.MonotonicToWallNs converts them.

public sealed record RecordingInfo
{
    public required int FormatVersion { get; init; }
    public required string PnmVersion { get; init; }
    public required string Host { get; init; }
    public required string KernelRelease { get; init; }
    public required string Backend { get; init; }
    /// <summary>Programs attached, comma separated.</summary>
    public required string Programs { get; init; }
    /// <summary>Capture filters as given on the command line; empty when none.</summary>
    public required string Filters { get; init; }
    public required long RingBytes { get; init; }
    public required long StartedNs { get; init; }
    /// <summary>Null while recording and after a crash.</summary>
    public long? StoppedNs { get; init; }
    /// <summary>Add to a monotonic timestamp to get nanoseconds since the Unix epoch.</summary>
    public required long MonotonicToWallNs { get; init; }

    public DateTimeOffset ToWallClock(long monotonicNs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(0).AddTicks((monotonicNs + MonotonicToWallNs) / 100);
}

public sealed record ProcessRecord
{
    public required long ProcessId { get; init; }
    public required int Pid { get; init; }
    public int? ParentPid { get; init; }
    public required string Comm { get; init; }
    public string? Exe { get; init; }
    public string? Cmdline { get; init; }
    public int? Uid { get; init; }
    public required long FirstSeenNs { get; init; }
    public long? ForkNs { get; init; }
    public long? ExecNs { get; init; }
    public long? ExitNs { get; init; }
    public int? ExitCode { get; init; }
    public int? Gid { get; init; }
    /// <summary>The cgroup v2 path, e.g. /system.slice/nginx.service.</summary>
    public string? CgroupPath { get; init; }
    /// <summary>Container id (docker, containerd, podman) when the cgroup path names one.</summary>
    public string? Container { get; init; }
    /// <summary>systemd unit (service or scope) when the cgroup path names one.</summary>
    public string? Unit { get; init; }
    /// <summary>
    /// The name of <see cref="Uid"/> on the recording host, kept so that a recording read on another
    /// machine still names its users; null when the host did not know the uid.
    /// </summary>
    public string? UserName { get; init; }
}

public sealed record SocketRecord
{
    public required long SocketId { get; init; }
    /// <summary>The owner: the process that connected or accepted, else the first to do I/O, else the one that closed it; 0 while unknown.</summary>
    public required long ProcessId { get; init; }
    /// <summary>The kernel's socket cookie (unique per socket while the machine runs), when known.</summary>
    public long? Cookie { get; init; }
    public required int Family { get; init; }
    public required int Protocol { get; init; }
    public required string LocalAddr { get; init; }
    public required int LocalPort { get; init; }
    public required string RemoteAddr { get; init; }
    public required int RemotePort { get; init; }
    public required long FirstSeenNs { get; init; }
    public required long LastSeenNs { get; init; }
    /// <summary>client (connected), server (accepted), udp; null when it was already open.</summary>
    public string? Role { get; init; }
    public long? ConnectNs { get; init; }
    public long? EstablishedNs { get; init; }
    public long? CloseNs { get; init; }
    /// <summary>fin or rst, once closed.</summary>
    public string? CloseReason { get; init; }
    /// <summary>The last TCP state seen, e.g. ESTABLISHED or CLOSE.</summary>
    public string? State { get; init; }
    public long Retransmits { get; init; }
    public long ResetsSent { get; init; }
    public long ResetsReceived { get; init; }
    /// <summary>Application protocol, e.g. http, tls, dns; null when not recognised.</summary>
    public string? App { get; init; }
    /// <summary>How <see cref="App"/> was decided: payload (a signature) or port (well-known port only).</summary>
    public string? AppMethod { get; init; }
    /// <summary>e.g. the TLS record version.</summary>
    public string? AppDetail { get; init; }
}

/// <summary>One send or receive call's payload bytes.</summary>
// Auto layout packs Tid and Direction together: 40 bytes instead of 48, copied once per event per reader.
[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Auto)]
public readonly record struct IoEvent(long TimestampNs, long ProcessId, int Tid, long SocketId, Direction Direction, long Bytes);

/// <summary>Events the kernel could not hand over in the second starting at WindowStartNs, on one CPU (null: all CPUs).</summary>
public sealed record LossRecord(long WindowStartNs, long Lost, int? Cpu = null)
{
    /// <summary>A loss record covers one second from its start.</summary>
    public const long WindowNs = 1_000_000_000;
}

/// <summary>What recording cost and how close it came to losing events, over one flush interval.</summary>
public sealed record RecorderStatsRecord
{
    public required long WindowStartNs { get; init; }
    public required long WindowEndNs { get; init; }
    /// <summary>CPU time the recorder used in the window.</summary>
    public required double CpuSeconds { get; init; }
    public required long RssBytes { get; init; }
    /// <summary>The most bytes waiting in the kernel's ring buffer in the window, of <see cref="RecordingInfo.RingBytes"/>.</summary>
    public required long RingFillPeakBytes { get; init; }
    public required long EventsSubmitted { get; init; }
    /// <summary>Events the kernel-side filters rejected before the ring.</summary>
    public required long EventsFiltered { get; init; }
    /// <summary>Packets the kernel could not count because its flow map was full: wire bytes in the window are lower bounds. 0 in recordings made before it was kept.</summary>
    public long FlowUpdatesLost { get; init; }
    /// <summary>Socket calls the kernel summed in its overflow maps (ring full); 0 in recordings before format version 2.</summary>
    public long CallsSummarized { get; init; }
}

/// <summary>
/// Packets and wire bytes (IP length) of one socket on one interface, in one direction, with one
/// remote endpoint, between two flushes (about a second). The remote comes from the packets, so
/// every datagram of an unconnected UDP socket is attributed to its peer.
/// </summary>
public sealed record PacketFlowRecord
{
    public required long WindowStartNs { get; init; }
    public required long WindowEndNs { get; init; }
    /// <summary>0 for packets without a socket.</summary>
    public required long SocketId { get; init; }
    public required int Ifindex { get; init; }
    public required Direction Direction { get; init; }
    public required int Family { get; init; }
    public required int Protocol { get; init; }
    public required string RemoteAddr { get; init; }
    public required int RemotePort { get; init; }
    public required long Packets { get; init; }
    public required long Bytes { get; init; }
}

/// <summary>A network interface as the recording host named it.</summary>
public sealed record InterfaceRecord(int Ifindex, string Name);

/// <summary>
/// One retransmit or reset of a TCP socket, when it happened: lets an analysis count only what fell in its window.
/// The socket row keeps whole-life counters as well. SocketId 0: a socket no event of the recording named.
/// </summary>
public readonly record struct TcpIncidentRecord(long TimestampNs, long SocketId, TcpIncident Kind);

/// <summary>
/// Send or receive calls the kernel summed instead of handing them over one by one (its ring buffer
/// had no room): one thread's calls on one socket in one direction, between the first and the last
/// call's timestamps (at most about a second apart). The bytes are exact; only the timing inside
/// the window is lost. Readers place them at <see cref="WindowStartNs"/>.
/// </summary>
public sealed record SummarizedIoRecord
{
    public required long WindowStartNs { get; init; }
    public required long WindowEndNs { get; init; }
    public required long ProcessId { get; init; }
    public required int Tid { get; init; }
    public required long SocketId { get; init; }
    public required Direction Direction { get; init; }
    public required long Bytes { get; init; }
    public required long Calls { get; init; }

    /// <summary>As a plain event at the window's start, for code that adds up bytes per event.</summary>
    public IoEvent AsEvent() => new(WindowStartNs, ProcessId, Tid, SocketId, Direction, Bytes);
}

public static class FormatVersion
{
    /// <summary>2: summarized I/O (table summarized_io); version 1 recordings have none and read as before.</summary>
    public const int Sqlite = 2;
    /// <summary>The recording model a segment recording's metadata follows; the file layout has its own version. 2: summarized I/O (record type 8).</summary>
    public const int Segments = 2;
}
