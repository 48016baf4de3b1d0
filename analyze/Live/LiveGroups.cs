using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze.Live;

/// <summary>One group's traffic in one interval of a live view.</summary>
public sealed record LiveGroupRow
{
    /// <summary>The group's values, one per <see cref="LiveGroups.Columns"/>.</summary>
    public required object?[] Key { get; init; }
    /// <summary>The key as one string, to follow a group across intervals.</summary>
    public required string Id { get; init; }
    public required ByteCounts Interval { get; init; }
    public required ByteCounts Total { get; init; }
    public required ByteCounts IntervalPackets { get; init; }
    /// <summary>Bytes per second in the interval.</summary>
    public required double TxRate { get; init; }
    public required double RxRate { get; init; }
    /// <summary>Sockets of the group not closed at the interval's end.</summary>
    public required int OpenSockets { get; init; }
    /// <summary>TCP retransmits in the interval.</summary>
    public required long IntervalRetransmits { get; init; }
    /// <summary>The remote address that moved most of the group's bytes; null when none has one.</summary>
    public string? BusiestRemote { get; init; }
    /// <summary>The application protocol that moved most of the group's bytes.</summary>
    public string? App { get; init; }
    /// <summary>Every process of the group had exited by the interval's end.</summary>
    public required bool Exited { get; init; }
    /// <summary>The latest exit of the group's processes (monotonic), when <see cref="Exited"/>.</summary>
    public long? ExitedNs { get; init; }

    public double Rate => TxRate + RxRate;
}

/// <summary>
/// Groups a snapshot's pairs by fields of their process and socket, as `pnm report --group-by` does, with
/// what is known at the interval's end: a process's tree root from the process rows that arrived so far,
/// a socket's interface from the packets counted so far.
/// </summary>
/// <remarks>
/// The recorder counts a second's packets a flush after its payload, so a new socket's first interval
/// comes before anything names its interface. Grouped by interface, such a socket's first interval is
/// held and added to its next, under the interface its packets name by then (or none, if they still
/// do not): its bytes land one interval late rather than under no interface, and a group's intervals
/// still add up to its totals.
/// </remarks>
public sealed class LiveGroups
{
    private readonly bool byInterface;
    /// <summary>The pairs held from the last interval, by process and socket.</summary>
    private Dictionary<(long, long), PairTraffic> held = [];

    public LiveGroups(IReadOnlyList<GroupField> fields)
    {
        if (fields.Count == 0)
            throw new ArgumentException("live groups take one or more fields", nameof(fields));
        Fields = fields;
        Columns = fields.SelectMany(GroupFields.Columns).ToList();
        byInterface = fields.Contains(GroupField.Iface);
    }

    public IReadOnlyList<GroupField> Fields { get; }
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The snapshot's groups; snapshots are to come in order (a pair held from one is added to the next).</summary>
    public IReadOnlyList<LiveGroupRow> Of(LiveSnapshot snapshot)
    {
        var groups = new Dictionary<string, GroupTotals>();
        var holding = new Dictionary<(long, long), PairTraffic>();
        foreach (var original in snapshot.Pairs)
        {
            var pair = original;
            if (byInterface)
            {
                var id = (pair.Process?.ProcessId ?? 0, pair.Socket?.SocketId ?? 0);
                if (AwaitsInterface(pair, snapshot))
                {
                    holding[id] = pair;
                    continue;
                }
                if (held.Remove(id, out var earlier))
                    pair = pair with
                    {
                        Interval = pair.Interval + earlier.Interval,
                        Total = pair.Total - earlier.Interval,
                        IntervalPackets = pair.IntervalPackets + earlier.IntervalPackets,
                        IntervalRetransmits = pair.IntervalRetransmits + earlier.IntervalRetransmits,
                    };
            }
            var key = GroupKey.Values(Fields, Columns.Count, pair.Process, pair.Socket, pair.Iface, snapshot.Info.Host,
                process => pair.TreeRoot ?? process);
            string groupId = string.Join('\u001f', key);
            if (!groups.TryGetValue(groupId, out var group))
                groups[groupId] = group = new GroupTotals(key);
            group.Add(pair, snapshot.EndNs);
        }
        held = holding;
        return groups.Select(g => g.Value.ToRow(g.Key, snapshot.Seconds)).ToList();
    }

    /// <summary>A socket's first payload, before any of its packets were counted: held once (not in the last interval).</summary>
    private static bool AwaitsInterface(PairTraffic pair, LiveSnapshot snapshot) =>
        !snapshot.Final && pair is { Iface: null, Socket: not null, Total.Both: 0, Interval.Both: > 0 };

    private sealed class GroupTotals(object?[] key)
    {
        private readonly HashSet<long> processes = [];
        private readonly HashSet<long> sockets = [];
        private readonly Dictionary<string, long> remoteBytes = [];
        private readonly Dictionary<string, long> appBytes = [];
        private ByteCounts interval, total, packets;
        private int openSockets;
        private long retransmits;
        private bool anyRunning;
        private long? lastExitNs;

        public void Add(PairTraffic pair, long nowNs)
        {
            interval += pair.Interval;
            var pairTotal = pair.Total + pair.Interval;
            total += pairTotal;
            packets += pair.IntervalPackets;
            retransmits += pair.IntervalRetransmits;
            if (pair.Process is { } process && processes.Add(process.ProcessId))
            {
                if (process.ExitNs is { } exit && exit <= nowNs)
                    lastExitNs = Math.Max(lastExitNs ?? exit, exit);
                else
                    anyRunning = true;
            }
            if (pair.Process is null)
                anyRunning = true;
            if (pair.Socket is not { } socket)
                return;
            if (sockets.Add(socket.SocketId) && (socket.CloseNs is not { } closed || closed > nowNs))
                openSockets++;
            if (SocketEndpoints.Remote(socket) is { } remote)
                remoteBytes[remote] = remoteBytes.GetValueOrDefault(remote) + pairTotal.Both;
            if (socket.App is { } app)
                appBytes[app] = appBytes.GetValueOrDefault(app) + pairTotal.Both;
        }

        public LiveGroupRow ToRow(string id, double seconds) => new()
        {
            Key = key,
            Id = id,
            Interval = interval,
            Total = total,
            IntervalPackets = packets,
            TxRate = interval.Tx / seconds,
            RxRate = interval.Rx / seconds,
            OpenSockets = openSockets,
            IntervalRetransmits = retransmits,
            BusiestRemote = Busiest(remoteBytes),
            App = Busiest(appBytes),
            Exited = !anyRunning,
            ExitedNs = anyRunning ? null : lastExitNs,
        };

        private static string? Busiest(Dictionary<string, long> bytes) =>
            bytes.Count == 0 ? null : bytes.MaxBy(b => (b.Value, b.Key)).Key;
    }
}
