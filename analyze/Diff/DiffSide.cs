namespace ProcNetMon2.Analyze.Diff;

/// <summary>One side of a diff after its scan: its groups keyed so that they match across runs, its whole, what it holds.</summary>
internal sealed class DiffSide
{
    public required AnalysisSummary Summary { get; init; }
    public required IReadOnlyDictionary<string, GroupMeasures> Groups { get; init; }
    public required GroupMeasures Whole { get; init; }
    public required SideInventory Inventory { get; init; }
    public required IReadOnlyList<string> KeyColumns { get; init; }

    public static DiffSide Scan(DiffSideInput input, DiffOptions options)
    {
        var recordings = input.Recordings;
        var window = AnalysisWindow.Select(recordings, input.Since, input.Until);
        var scan = TrafficScan.Run(recordings, new ScanRequest(GroupKey.By(options.GroupBy), options.Filter, window,
            AnalysisOptions.Nanoseconds(options.Interval)));
        var active = scan.Groups.Where(g => g.TxEvents + g.RxEvents > 0).ToList();
        var whole = new GroupTraffic([]);
        active.ForEach(whole.Add);
        return new DiffSide
        {
            Summary = AnalysisSummary.Of("diff", recordings, scan),
            Groups = MatchingKey.Merge(scan.KeyColumns, active).ToDictionary(p => p.Key, p => new GroupMeasures(p.Value, scan, recordings)),
            Whole = new GroupMeasures(whole, scan, recordings),
            Inventory = SideInventory.Of(recordings, active, window),
            KeyColumns = MatchingKey.Columns(scan.KeyColumns),
        };
    }
}

/// <summary>
/// Group keys that mean the same in another run. A process tree is matched by its root program's name:
/// the root's pid is different every run, so it is left out of the key.
/// </summary>
internal static class MatchingKey
{
    private const string TreePid = "tree_pid";

    public static IReadOnlyList<string> Columns(IReadOnlyList<string> scanColumns) => scanColumns.Where(c => c != TreePid).ToList();

    /// <summary>Groups by their matching key; groups that differ only in a left-out column are added together.</summary>
    public static Dictionary<string, GroupTraffic> Merge(IReadOnlyList<string> scanColumns, IEnumerable<GroupTraffic> groups)
    {
        var kept = Enumerable.Range(0, scanColumns.Count).Where(i => scanColumns[i] != TreePid).ToArray();
        var merged = new Dictionary<string, GroupTraffic>();
        foreach (var group in groups)
        {
            var key = kept.Select(i => group.Key[i]).ToArray();
            string name = Name(key);
            if (!merged.TryGetValue(name, out var known))
                merged.Add(name, known = kept.Length == scanColumns.Count ? group : new GroupTraffic(key));
            if (!ReferenceEquals(known, group))
                known.Add(group);
        }
        return merged;
    }

    public static string Name(IEnumerable<object?> values) => string.Join('\u001f', values.Select(v => v?.ToString() ?? "\u0000"));
}

/// <summary>
/// The remote endpoints, application protocols, programs and users of one side's sockets with I/O in
/// the window. A remote is address and port; an accepted connection's remote is its address alone (its
/// port is ephemeral), an unconnected UDP socket's are the peers its packets in the window went to or came from.
/// Programs and users are the sockets' owners.
/// </summary>
internal sealed record SideInventory(IReadOnlySet<string> Remotes, IReadOnlySet<string> Apps, IReadOnlySet<string> Programs, IReadOnlySet<string> Users)
{
    public static SideInventory Of(RecordingSet recordings, IEnumerable<GroupTraffic> groups, AnalysisWindow window)
    {
        HashSet<string> remotes = [], apps = [], programs = [], users = [];
        var peers = new Dictionary<int, ILookup<long, string>>();
        foreach (var (index, socketId) in groups.SelectMany(g => g.Sockets).Distinct())
        {
            var recording = recordings.Recordings[index];
            if (recording.Socket(socketId) is not { } socket)
                continue;
            if (SocketEndpoints.Remote(socket) is { } address)
                remotes.Add(socket.Role == "server" ? address : Connections.Endpoint(address, socket.RemotePort));
            else
            {
                if (!peers.TryGetValue(index, out var lookup))
                    peers.Add(index, lookup = PeersInWindow(recording, window));
                remotes.UnionWith(lookup[socketId]);
            }
            if (socket.App is { } app)
                apps.Add(app);
            if (recording.Process(socket.ProcessId) is { } owner)
            {
                programs.Add(owner.Comm);
                if (UserNames.Of(owner) is { } user)
                    users.Add(user);
            }
        }
        return new SideInventory(remotes, apps, programs, users);
    }

    private static ILookup<long, string> PeersInWindow(RecordingView recording, AnalysisWindow window) =>
        recording.PacketFlows.Where(f => f.SocketId != 0 && window.Contains(f.WindowStartNs + recording.WallOffsetNs))
            .ToLookup(f => f.SocketId, f => Connections.Endpoint(f.RemoteAddr, f.RemotePort));

    /// <summary>What <paramref name="later"/> holds and this side does not, each kind sorted.</summary>
    public NewSinceBase Missing(SideInventory later) => new(
        Only(later.Remotes, Remotes), Only(later.Apps, Apps), Only(later.Programs, Programs), Only(later.Users, Users));

    private static List<string> Only(IReadOnlySet<string> later, IReadOnlySet<string> earlier) =>
        later.Where(item => !earlier.Contains(item)).Order(StringComparer.Ordinal).ToList();
}
