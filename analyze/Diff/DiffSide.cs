using ProcNetMon2.Analyze.Reports;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze.Diff;

/// <summary>One side of a diff after its scan: its groups keyed so that they match across runs, its whole, what it holds.</summary>
internal sealed class DiffSide
{
    public required AnalysisSummary Summary { get; init; }
    public required IReadOnlyDictionary<object?[], GroupMeasures> Groups { get; init; }
    public required GroupMeasures Whole { get; init; }
    public required SideInventory Inventory { get; init; }
    public required IReadOnlyList<string> KeyColumns { get; init; }
    /// <summary>The side's `pnm timeline` of all its traffic (same filter, window and interval), when it was asked for.</summary>
    public TimelineSeries? Timeline { get; init; }

    /// <param name="tested">The rate series whose rank test is wanted: the measures keep their samples.</param>
    /// <param name="withTimeline">Also the side's timeline, from the same pass over its events.</param>
    public static DiffSide Scan(DiffSideInput input, DiffOptions options, IReadOnlySet<RateSeries> tested, bool withTimeline)
    {
        var recordings = input.Recordings;
        var window = recordings.SelectWindow(input.Since, input.Until);
        var request = new ScanRequest(GroupKey.By(options.GroupBy), options.Filter, window, ReportOptions.Nanoseconds(options.Interval));
        var timelineRequest = Reports.Timeline.Request(recordings, new ReportOptions
        {
            GroupBy = [], Filter = options.Filter, Since = input.Since, Until = input.Until, Interval = options.Interval,
        });
        var scans = TrafficScan.Run(recordings, withTimeline ? [request, timelineRequest] : [request]);
        var scan = scans[0];
        var active = scan.Groups.Where(g => g.TxEvents + g.RxEvents > 0).ToList();
        var whole = new GroupTraffic([]);
        active.ForEach(whole.Add);
        return new DiffSide
        {
            Summary = AnalysisSummary.Of("diff", recordings, scan),
            Groups = Measure(MatchingKey.Merge(scan.KeyColumns, active), scan, recordings, tested),
            Whole = new GroupMeasures(whole, scan, recordings, tested),
            Inventory = SideInventory.Of(recordings, active, window),
            KeyColumns = MatchingKey.Columns(scan.KeyColumns),
            Timeline = withTimeline ? Reports.Timeline.SeriesOf(scans[1], groups: 1) : null,
        };
    }

    /// <summary>
    /// Each group's measures, worked out on every core (sorting each group's intervals for its rank test was a diff's
    /// longest step after the scans, on one thread), keyed in the groups' order.
    /// </summary>
    private static Dictionary<object?[], GroupMeasures> Measure(Dictionary<object?[], GroupTraffic> groups, ScanResult scan, RecordingSet recordings,
        IReadOnlySet<RateSeries> tested)
    {
        var named = groups.ToArray();
        var measures = new GroupMeasures[named.Length];
        Parallel.For(0, named.Length, i => measures[i] = new GroupMeasures(named[i].Value, scan, recordings, tested));
        return Enumerable.Range(0, named.Length).ToDictionary(i => named[i].Key, i => measures[i], GroupValuesComparer.Instance);
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
    public static Dictionary<object?[], GroupTraffic> Merge(IReadOnlyList<string> scanColumns, IEnumerable<GroupTraffic> groups)
    {
        var kept = Enumerable.Range(0, scanColumns.Count).Where(i => scanColumns[i] != TreePid).ToArray();
        var merged = new Dictionary<object?[], GroupTraffic>(GroupValuesComparer.Instance);
        foreach (var group in groups)
        {
            var key = kept.Select(i => group.Key[i]).ToArray();
            if (!merged.TryGetValue(key, out var known))
                merged.Add(key, known = kept.Length == scanColumns.Count ? group : new GroupTraffic(key));
            if (!ReferenceEquals(known, group))
                known.Add(group);
        }
        return merged;
    }
}

/// <summary>
/// The remote endpoints, application protocols, programs and users of one side's sockets with I/O in
/// the window. A remote is address and port where the port names the service: a connection the side
/// opened, or a UDP peer (an unconnected socket's peers are those its packets in the window went to or
/// came from); the remote of an accepted connection, or of one already open when the recording began, is
/// its address alone, as its port may be ephemeral. Programs and users are the sockets' owners.
/// </summary>
internal sealed record SideInventory(IReadOnlySet<RemoteEnd> Remotes, IReadOnlySet<string> Apps, IReadOnlySet<string> Programs, IReadOnlySet<string> Users)
{
    public static SideInventory Of(RecordingSet recordings, IEnumerable<GroupTraffic> groups, AnalysisWindow window)
    {
        HashSet<RemoteEnd> remotes = [];
        HashSet<string> apps = [], programs = [], users = [];
        var peers = new Dictionary<int, ILookup<long, RemoteEnd>>();
        foreach (var (index, socketId) in groups.SelectMany(g => g.Sockets).Distinct())
        {
            var recording = recordings.Recordings[index];
            if (recording.Socket(socketId) is not { } socket)
                continue;
            if (SocketEndpoints.Remote(socket) is { } address)
                remotes.Add(new RemoteEnd(address, socket.Role == "client" || socket.Protocol == IpProtocol.Udp ? socket.RemotePort : null));
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

    private static ILookup<long, RemoteEnd> PeersInWindow(RecordingView recording, AnalysisWindow window) =>
        recording.PacketFlows.Where(f => f.SocketId != 0 && window.Contains(f.WindowStartNs + recording.WallOffsetNs))
            .ToLookup(f => f.SocketId, f => new RemoteEnd(f.RemoteAddr, f.RemotePort));

    /// <summary>
    /// What <paramref name="later"/> holds and this side does not, each kind sorted. A remote known by its
    /// address alone on either side matches that address with any port on the other.
    /// </summary>
    public NewSinceBase Missing(SideInventory later)
    {
        var addresses = Remotes.Select(r => r.Address).ToHashSet();
        bool Known(RemoteEnd remote) =>
            Remotes.Contains(remote) || Remotes.Contains(remote with { Port = null }) || remote.Port is null && addresses.Contains(remote.Address);
        return new NewSinceBase(Only(later.Remotes.Where(r => !Known(r)).Select(r => r.ToString())),
            Only(later.Apps.Except(Apps)), Only(later.Programs.Except(Programs)), Only(later.Users.Except(Users)));
    }

    private static List<string> Only(IEnumerable<string> items) => items.Order(StringComparer.Ordinal).ToList();
}

/// <summary>A remote address, with the port when it names the service.</summary>
internal sealed record RemoteEnd(string Address, int? Port)
{
    public override string ToString() => Port is { } port ? Connections.Endpoint(Address, port) : Address;
}
