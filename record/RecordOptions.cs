using ProcNetMon2.Schema.Segments;

namespace ProcNetMon2.Record;

public sealed record RecordOptions
{
    public const uint DefaultRingBytes = 8 * 1024 * 1024;

    /// <summary>The recording to write; null when the capture only feeds a tap (a live view without -o).</summary>
    public required string? OutputPath { get; init; }
    public bool Force { get; init; }
    /// <summary>Stop after this long; null records until cancelled.</summary>
    public TimeSpan? Duration { get; init; }
    public IReadOnlyList<int> Pids { get; init; } = [];
    public IReadOnlyList<string> Comms { get; init; } = [];
    /// <summary>Null: the cheapest backend that works here.</summary>
    public SockIoBackend? Backend { get; init; }
    /// <summary>A power of two, at least one page.</summary>
    public uint RingBytes { get; init; } = DefaultRingBytes;
    /// <summary>Count packets only on these interfaces, and record I/O only of sockets seen on them.</summary>
    public IReadOnlyList<string> Interfaces { get; init; } = [];
    /// <summary>Only processes in these cgroup v2 directories (paths, absolute or under the mount) or below.</summary>
    public IReadOnlyList<string> Cgroups { get; init; } = [];
    /// <summary>Only processes of these containers (id or its first 12 characters).</summary>
    public IReadOnlyList<string> Containers { get; init; } = [];
    /// <summary>Only sockets with one of these ports at either end.</summary>
    public IReadOnlyList<int> Ports { get; init; } = [];
    /// <summary>4 or 6: only that IP version; null for both.</summary>
    public int? IpVersion { get; init; }
    /// <summary>Entries of each kernel overflow map (socket calls summed when the ring is full); null: as built, 16,384. Tests shrink it to reach a full map.</summary>
    public uint? OverflowMapEntries { get; init; }
    /// <summary>False: no packet programs, so no wire bytes or packet counts, and no cost per packet.</summary>
    public bool CountPackets { get; init; } = true;
    /// <summary>Segment recordings only: when to start a new segment and which old ones to delete.</summary>
    public SegmentRotation Rotation { get; init; } = SegmentRotation.None;
    /// <summary>Once capturing, continue as this user (segment recordings only); null: stay root.</summary>
    public string? User { get; init; }

    public string DescribeFilters() => string.Join(' ',
        Pids.Select(p => $"--pid {p}").Concat(Comms.Select(c => $"--comm {c}")).Concat(Interfaces.Select(i => $"--iface {i}"))
            .Concat(Ports.Select(p => $"--port {p}"))
            .Concat(Cgroups.Select(c => $"--cgroup {c}")).Concat(Containers.Select(c => $"--container {c}"))
            .Concat(IpVersion is { } v ? [$"--family {v}"] : []).Concat(CountPackets ? [] : ["--no-packets"]));
}

public sealed record RecordSummary(long Events, long CallsSummarized, int Processes, int Sockets, long LostEvents, TimeSpan Elapsed);
