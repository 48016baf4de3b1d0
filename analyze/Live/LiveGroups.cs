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

/// <summary>Groups a snapshot's pairs by fields of their process and socket, as `pnm report --group-by` does.</summary>
public sealed class LiveGroups
{
    /// <summary>Fields the live view can group by: those a process and a socket name on their own.</summary>
    public static readonly IReadOnlyList<GroupField> Supported =
    [
        GroupField.Pid, GroupField.Comm, GroupField.Exe, GroupField.User, GroupField.Cgroup, GroupField.Container,
        GroupField.Remote, GroupField.RemotePort, GroupField.LocalPort, GroupField.Proto, GroupField.App,
    ];

    public LiveGroups(IReadOnlyList<GroupField> fields)
    {
        if (fields.Count == 0 || fields.Any(f => !Supported.Contains(f)))
            throw new ArgumentException($"live groups take one or more of {string.Join(", ", Supported)}", nameof(fields));
        Fields = fields;
        Columns = fields.SelectMany(GroupFields.Columns).ToList();
    }

    public IReadOnlyList<GroupField> Fields { get; }
    public IReadOnlyList<string> Columns { get; }

    public IReadOnlyList<LiveGroupRow> Of(LiveSnapshot snapshot)
    {
        var groups = new Dictionary<string, GroupTotals>();
        foreach (var pair in snapshot.Pairs)
        {
            var key = KeyOf(pair.Process, pair.Socket);
            string id = string.Join('\u001f', key);
            if (!groups.TryGetValue(id, out var group))
                groups[id] = group = new GroupTotals(key);
            group.Add(pair, snapshot.EndNs);
        }
        return groups.Select(g => g.Value.ToRow(g.Key, snapshot.Seconds)).ToList();
    }

    private object?[] KeyOf(ProcessRecord? process, SocketRecord? socket)
    {
        var values = new object?[Columns.Count];
        int i = 0;
        foreach (var field in Fields)
        {
            if (field == GroupField.Pid)
            {
                values[i++] = (long?)process?.Pid;
                values[i++] = process?.Comm;
            }
            else
            {
                values[i++] = GroupKey.FieldValue(field, process, socket, iface: null);
            }
        }
        return values;
    }

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
