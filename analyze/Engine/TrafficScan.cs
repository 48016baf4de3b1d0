using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze;

/// <summary>What to add up: which traffic, in which window, grouped how, in bins of what width.</summary>
public sealed record ScanRequest(GroupKey Key, TrafficFilter Filter, AnalysisWindow Window, long BinNs)
{
    /// <summary>False: the groups keep totals and first and last times only, no series (see <see cref="TotalsOf"/>).</summary>
    public bool KeepsBins { get; init; } = true;

    /// <summary>True: the groups keep which bins had traffic (<see cref="GroupTraffic.ActiveBins"/>), not their bytes per bin.</summary>
    public bool ActiveBinsOnly { get; init; }

    /// <summary>Each group's totals and first and last times in the window, without a series per group (one bin for the window, not kept).</summary>
    public static ScanRequest TotalsOf(GroupKey key, TrafficFilter filter, AnalysisWindow window) =>
        new(key, filter, window, Math.Max(1, window.EndWallNs - window.StartWallNs)) { KeepsBins = false };

    /// <summary>Totals of one group per socket: the scan's threads keep their pairs' totals only, no groups of their own.</summary>
    internal bool TotalsPerSocket => Key.OneGroupPerSocket && !KeepsBins;
}

/// <summary>The groups of one scan and what the window held.</summary>
public sealed record ScanResult(IReadOnlyList<GroupTraffic> Groups, IReadOnlyList<string> KeyColumns, AnalysisWindow Window, long BinNs,
    long Events, LossSummary Losses)
{
    /// <summary>Calls the kernel summarized in the window: counted in the groups, but not in <see cref="Events"/>.</summary>
    public SummarizedIoSummary Summarized { get; init; } = SummarizedIoSummary.None;

    /// <summary>Bins the window spans (at least one), silent ones included.</summary>
    public long BinCount => Math.Max(1, (Window.EndWallNs - Window.StartWallNs + BinNs - 1) / BinNs);

    public long BinStartWallNs(long bin) => Window.StartWallNs + bin * BinNs;
}

/// <summary>
/// One streaming pass over the events of every recording in the window, adding each event to its
/// group; then packet accounting and retransmits onto the groups of the sockets' owners.
/// </summary>
public static class TrafficScan
{
    public static ScanResult Run(RecordingSet recordings, ScanRequest request) => Run(recordings, [request])[0];

    /// <summary>
    /// Several scans of one window in one pass: each block of events is decoded once and added to the groups of every
    /// request (what one page of several answers costs instead of a pass per answer). One result per request, in order.
    /// </summary>
    /// <param name="finished">
    /// Called with each request's index and result as soon as that result is whole, on the core that finished it, before
    /// this returns: what reads one request's result runs while the others' groups are still being merged.
    /// </param>
    /// <exception cref="ArgumentException">The requests are not all of one window.</exception>
    public static IReadOnlyList<ScanResult> Run(RecordingSet recordings, IReadOnlyList<ScanRequest> requests, Action<int, ScanResult>? finished = null)
    {
        if (requests.Count == 0 || requests.Any(r => r.Window != requests[0].Window))
            throw new ArgumentException("one pass serves requests of one window", nameof(requests));
        var groups = requests.Select(_ => new Dictionary<object?[], GroupTraffic>(GroupValuesComparer.Instance)).ToArray();
        var events = new long[requests.Count];
        var window = requests[0].Window;
        var losses = LossSummary.Of(recordings, window);
        var summarized = SummarizedIoSummary.Of(recordings, window);
        var results = new ScanResult[requests.Count];
        void Finish(int r)
        {
            results[r] = new ScanResult(groups[r].Values.ToList(), requests[r].Key.Columns, requests[r].Window, requests[r].BinNs, events[r], losses)
            {
                Summarized = summarized,
            };
            finished?.Invoke(r, results[r]);
        }
        int last = recordings.Recordings.Count - 1;
        for (int index = 0; index <= last; index++)
        {
            var recording = recordings.Recordings[index];
            var resolvers = requests.Select((request, r) => new PairResolver(recording, index, request, groups[r])).ToArray();
            var partials = ReadEvents(recording, index, resolvers);
            bool lastRecording = index == last;
            // Each request's groups are its own: each is merged and completed on a core of its own.
            ForEachRequest(requests.Count, r =>
            {
                foreach (var partial in partials)
                {
                    events[r] += partial.AddPairTotals(r, resolvers[r]);
                    resolvers[r].Merge(partial.Groups(r));
                }
                AddSummarizedIo(recording, resolvers[r], requests[r]);
                AddPacketFlows(recording, resolvers[r], requests[r]);
                AddRetransmits(recording, resolvers[r], requests[r].Window);
                if (lastRecording)
                    Finish(r);
            });
        }
        if (last < 0)
            ForEachRequest(requests.Count, Finish);
        return results;
    }

    /// <summary>
    /// Segment blocks are decoded and added up on several threads, each into groups of its own (an aggregator of each
    /// thread's), to be merged into the groups of <paramref name="resolvers"/>. A request of one group per socket keeps
    /// no groups on the threads, only its pairs' totals: its groups are made when merged.
    /// </summary>
    private static IReadOnlyList<EventAggregator> ReadEvents(RecordingView recording, int index, PairResolver[] resolvers)
    {
        var (from, to) = resolvers[0].Request.Window.ReadRangeIn(recording.WallOffsetNs);
        EventAggregator NewAggregator() => new(recording, resolvers.Select(resolver => new PairResolver(recording, index, resolver.Request, new(GroupValuesComparer.Instance))).ToArray());
        return recording.Source is IEventColumnSource columns
            ? columns.ReadEventColumnsInParallel(from, to, NewAggregator, (aggregator, batch) => aggregator.Add(batch))
            : recording.Source.ReadEventBatchesInParallel(from, to, NewAggregator, (aggregator, batch) => aggregator.Add(batch));
    }

    /// <summary>Runs <paramref name="work"/> for each request in parallel; a failure is the first one itself (a damaged recording's is one line), not an AggregateException.</summary>
    private static void ForEachRequest(int requests, Action<int> work)
    {
        try
        {
            Parallel.For(0, requests, work);
        }
        catch (AggregateException e)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    /// <summary>The per-event methods of a scan over stored blocks, for <see cref="AnalysisWarmUp"/> to compile ahead.</summary>
    internal static IEnumerable<MethodBase> ColumnScanMethods() =>
    [
        typeof(EventAggregator).GetMethod(nameof(EventAggregator.Add), [typeof(EventColumns)])!,
        typeof(EventAggregator).GetMethod("PairOf", BindingFlags.Instance | BindingFlags.NonPublic)!,
    ];

    /// <summary>
    /// Adds events to their groups, for every request at once: the hot loop of every analysis. An event's bytes go to the
    /// series of its group in each request that keeps bins, and to its (process, socket) pair's totals, which are added to
    /// the pair's groups once the pass is done: per event, one set of totals whatever the number of requests.
    /// </summary>
    private sealed class EventAggregator
    {
        private readonly long offset;
        private readonly PairResolver[] resolvers;
        private readonly BinClock[] clocks;
        // The requests that keep bins have the same bins, two of them bytes per bin and one active bins at most (one
        // command's request; the page's report and protocol mix; a diff side and its timeline): the clock of the first,
        // which an entry's series and active bins all share.
        private readonly int sharedClock = -1;
        // Events of thousands of sockets interleave, so nearly every event changes pair: a table indexed by socket id
        // answers most without hashing the pair (a dictionary lookup per event was the scan's largest single cost).
        private readonly Dictionary<(long, long), PairTally> pairs = [];
        private const int RecentPairs = 4096;
        private readonly RecentPair[] recentPairs = new RecentPair[RecentPairs];
        // Per entry of the block being added: what its events add to, once looked up (kept from block to block).
        private EntryTarget[] entryTargets = [];
        // The bins of a block's events, when the requests share one clock and the block spans few bins.
        private readonly BlockBins blockBins = new();

        public EventAggregator(RecordingView recording, PairResolver[] resolvers)
        {
            offset = recording.WallOffsetNs;
            this.resolvers = resolvers;
            clocks = resolvers.Select(r => new BinClock(r.Request.Window.StartWallNs, r.Request.BinNs)).ToArray();
            var binned = Enumerable.Range(0, resolvers.Length).Where(r => resolvers[r].Request.KeepsBins).ToList();
            int activeOnly = binned.Count(r => resolvers[r].Request.ActiveBinsOnly);
            if (binned.Count == 0)
                sharedClock = 0;
            else if (binned.Count - activeOnly <= 2 && activeOnly <= 1
                     && binned.Select(r => (resolvers[r].Request.Window.StartWallNs, resolvers[r].Request.BinNs)).Distinct().Count() == 1)
                sharedClock = binned[0];
        }

        public IReadOnlyDictionary<object?[], GroupTraffic> Groups(int request) => resolvers[request].Groups;

        // Per event: always jitted fully optimized (a published pnm is ReadyToRun, whose precompiled code for this loop is slower, and it is never recompiled).
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(ReadOnlySpan<IoEvent> batch)
        {
            long lastProcess = long.MinValue, lastSocket = long.MinValue;
            PairTally pair = null!;
            foreach (ref readonly var io in batch)
            {
                if (io.ProcessId != lastProcess || io.SocketId != lastSocket)
                {
                    (lastProcess, lastSocket) = (io.ProcessId, io.SocketId);
                    pair = PairOf(lastProcess, lastSocket);
                }
                AddEvent(pair, (int)io.Direction, io.TimestampNs + offset, io.Bytes);
            }
        }

        /// <summary>
        /// A block as stored: each entry's pair, direction and series are looked up once, at its first event in the block
        /// (an entry without events in the batch resolves nothing), instead of comparing and looking up pairs per event.
        /// Never inlined: a caller recompiled with profile data (in a long-lived process) inlined it and then had no inlining
        /// budget left for the series' Add, which it called instead, per event.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
        public void Add(EventColumns batch)
        {
            var entries = batch.Entries;
            if (entryTargets.Length < entries.Length)
                entryTargets = new EntryTarget[Math.Max(entries.Length, 2 * entryTargets.Length)];
            var targets = entryTargets.AsSpan(0, entries.Length);
            targets.Clear();
            var entryIndexes = batch.EntryIndexes;
            var timestamps = batch.Timestamps;
            var bytes = batch.Bytes;
            // One clock for every series (most commands, the HTML page): an entry's series are its own, not an array per pair.
            bool oneClock = sharedClock >= 0;
            ref var clock = ref clocks[Math.Max(0, sharedClock)];
            long firstBin = 0, blockBinCount = 0;
            bool inBlockBins = oneClock && timestamps.Length > 0
                && StartBlockBins(ref clock, timestamps[0] + offset, timestamps[^1] + offset, out firstBin, out blockBinCount);
            var cells = blockBins.Cells;
            int rowLength = blockBins.RowLength;
            for (int i = 0; i < timestamps.Length; i++)
            {
                int entry = entryIndexes[i];
                ref var target = ref targets[entry];
                long wallNs = timestamps[i] + offset, count = bytes[i];
                if (target.Pair is null)
                {
                    target = TargetOf(entries[entry], wallNs, inBlockBins);
                    cells = blockBins.Cells;
                    rowLength = blockBins.RowLength;
                }
                target.Bytes += count;
                target.Calls++;
                target.LastWallNs = wallNs;
                if (!oneClock)
                {
                    AddToSeries(target.Pair, target.Direction, wallNs, count);
                    continue;
                }
                long bin = clock.BinOf(wallNs);
                target.Activity?.Mark(bin, count);
                long blockBin = bin - firstBin;
                // An entry has cells only in a block of few bins; its times stay within them unless a damaged block's go backwards.
                if (target.Cells >= 0 && (ulong)blockBin < (ulong)blockBinCount)
                {
                    int row = (int)blockBin * rowLength;
                    cells[row + target.Cells] += count;
                    if (target.SecondCells >= 0)
                        cells[row + target.SecondCells] += count;
                }
                else
                    AddToFirstTwo(target, bin, count);
            }
            if (inBlockBins)
                blockBins.Flush();
            foreach (ref readonly var target in targets)
                target.Pair?.Totals.Add(target.Direction, target.Bytes, target.Calls, target.FirstWallNs, target.LastWallNs);
        }

        // Once per entry of each block (thousands a block): inlined into the jitted loop, not called through a stub into precompiled code.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private EntryTarget TargetOf(in IoEvent entry, long firstWallNs, bool inBlockBins)
        {
            ref readonly var pair = ref RecentPairOf(entry.ProcessId, entry.SocketId);
            int direction = (int)entry.Direction;
            return new EntryTarget
            {
                Pair = pair.Pair!, Direction = direction, FirstWallNs = firstWallNs, Activity = pair.Activity,
                Cells = inBlockBins && pair.FirstColumn >= 0 ? blockBins.CellsOf(pair.FirstColumn) + direction : -1,
                SecondCells = inBlockBins && pair.SecondColumn >= 0 ? blockBins.CellsOf(pair.SecondColumn) + direction : -1,
            };
        }

        /// <summary>Starts a block in <see cref="blockBins"/> when its events span at most <see cref="BlockBins.MaxBins"/> bins.</summary>
        private bool StartBlockBins(ref BinClock clock, long firstWallNs, long lastWallNs, out long firstBin, out long binCount)
        {
            long lastBin = clock.BinOf(lastWallNs);
            firstBin = clock.BinOf(firstWallNs);
            binCount = lastBin - firstBin + 1;
            if (binCount < 1 || binCount > BlockBins.MaxBins)
                return false;
            blockBins.Start(firstBin, (int)binCount);
            return true;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void AddToFirstTwo(in EntryTarget target, long bin, long bytes)
        {
            target.Pair.FirstSeries?.Add(bin, target.Direction, bytes);
            target.Pair.SecondSeries?.Add(bin, target.Direction, bytes);
        }

        /// <summary>
        /// What an entry of the block being added adds to: its pair, its direction, the cells of the pair's first two series
        /// (see PairTally) in the block's <see cref="BlockBins"/>, the first active bins of the pair's groups; and its events'
        /// sums in the block, added to the pair's totals once at the block's end (events of thousands of pairs interleave: a
        /// pair's totals per event missed the cache nearly every time, these do not).
        /// </summary>
        private struct EntryTarget
        {
            public PairTally Pair;
            public BinPresence? Activity;
            public int Direction;
            // Where its series' cells are in the first row of BlockBins.Cells (its direction included), -1 for none.
            public int Cells, SecondCells;
            public int Calls;
            public long Bytes, FirstWallNs, LastWallNs;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void AddEvent(PairTally pair, int direction, long wallNs, long bytes)
        {
            pair.Totals.Add(direction, bytes, 1, wallNs);
            AddToSeries(pair, direction, wallNs, bytes);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void AddToSeries(PairTally pair, int direction, long wallNs, long bytes)
        {
            var series = pair.Series;
            for (int r = 0; r < series.Length; r++)
                series[r]?.Add(clocks[r].BinOf(wallNs), direction, bytes);
            var activity = pair.Activity;
            for (int r = 0; r < activity.Length; r++)
                activity[r]?.Mark(clocks[r].BinOf(wallNs), bytes);
        }

        /// <summary>
        /// Adds each pair's totals to its group of one request, made by <paramref name="resolver"/> for a pair that counts
        /// in its socket's own group (no socket's totals added up apart first: a table of thousands of sockets per thread,
        /// grown step by step, was large objects enough to set off a full collection); returns the events that request counts.
        /// </summary>
        public long AddPairTotals(int request, PairResolver resolver)
        {
            long events = 0;
            foreach (var ((_, socketId), pair) in pairs)
            {
                var group = pair.Groups[request];
                if (group is null)
                    continue;
                events += pair.Totals.TxCalls + pair.Totals.RxCalls;
                if (ReferenceEquals(group, PairResolver.OwnSocket))
                    resolver.SocketGroup(socketId).AddTotals(pair.Totals);
                else if (!ReferenceEquals(group, PairResolver.Diverted))
                    group.AddTotals(pair.Totals);
            }
            return events;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per pair change, nearly per event
        private PairTally PairOf(long processId, long socketId) => RecentPairOf(processId, socketId).Pair!;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private ref readonly RecentPair RecentPairOf(long processId, long socketId)
        {
            ref var recent = ref recentPairs[(int)socketId & (RecentPairs - 1)];
            if (recent.Pair is null || recent.ProcessId != processId || recent.SocketId != socketId)
            {
                var pair = KnownPairOf(processId, socketId);
                recent = new RecentPair(processId, socketId, pair, pair.FirstColumn, pair.SecondColumn, pair.FirstActivity);
            }
            return ref recent;
        }

        // Apart from PairOf, and without a lambda: a lambda's captures are allocated on entry to the method that holds
        // it, which per event was 640 MB of garbage in a 20M-event scan.
        private PairTally KnownPairOf(long processId, long socketId)
        {
            if (pairs.TryGetValue((processId, socketId), out var known))
                return known;
            var groups = new GroupTraffic?[resolvers.Length];
            for (int r = 0; r < resolvers.Length; r++)
                groups[r] = resolvers[r].ForPair(processId, socketId);
            pairs.Add((processId, socketId), known = new PairTally(groups));
            known.FirstColumn = known.FirstSeries is null ? -1 : blockBins.ColumnOf(known.FirstSeries);
            known.SecondColumn = known.SecondSeries is null ? -1 : blockBins.ColumnOf(known.SecondSeries);
            return known;
        }

        // The pair's columns and active bins beside it: a block's entries find them here, without touching the pair until the block's end.
        private readonly record struct RecentPair(long ProcessId, long SocketId, PairTally? Pair, int FirstColumn, int SecondColumn, BinPresence? Activity);
    }

    /// <summary>One (process, socket) pair's events in one aggregator: its group in each request (decided once per pair), the series it adds to, its totals.</summary>
    private sealed class PairTally
    {
        public readonly GroupTraffic?[] Groups;
        /// <summary>Per request, the series of the pair's group; null where the pair has no group, it is diverted, or the request keeps no bins.</summary>
        public readonly BinSeries?[] Series;
        /// <summary>The first two of <see cref="Series"/> that are not null, for blocks added from their columns.</summary>
        public readonly BinSeries? FirstSeries, SecondSeries;
        /// <summary>Per request, the active bins of the pair's group, where that group keeps only those; else null.</summary>
        public readonly BinPresence?[] Activity;
        /// <summary>The first of <see cref="Activity"/> that is not null, for blocks added from their columns.</summary>
        public readonly BinPresence? FirstActivity;
        public IoTotals Totals = new();
        /// <summary>The columns of <see cref="FirstSeries"/> and <see cref="SecondSeries"/> in the aggregator's <see cref="BlockBins"/>; -1 for none.</summary>
        public int FirstColumn = -1, SecondColumn = -1;

        public PairTally(GroupTraffic?[] groups)
        {
            Groups = groups;
            Series = Array.ConvertAll(groups, SeriesOf);
            (FirstSeries, SecondSeries) = FirstTwo(Series);
            Activity = Array.ConvertAll(groups, ActivityOf);
            FirstActivity = Array.Find(Activity, activity => activity is not null);
        }

        // A loop rather than LINQ: it runs once per pair and aggregator, on every scan thread.
        private static (BinSeries? First, BinSeries? Second) FirstTwo(BinSeries?[] series)
        {
            BinSeries? first = null;
            foreach (var one in series)
            {
                if (one is null)
                    continue;
                if (first is not null)
                    return (first, one);
                first = one;
            }
            return (first, null);
        }

        private static BinSeries? SeriesOf(GroupTraffic? group) =>
            group is null || ReferenceEquals(group, PairResolver.Diverted) || !group.KeepsBins ? null : group.Bins;

        private static BinPresence? ActivityOf(GroupTraffic? group) => ReferenceEquals(group, PairResolver.Diverted) ? null : group?.Activity;
    }

    /// <summary>The bin of an event's time. Events come in time order: the bin changes rarely, so it is recomputed only when an event leaves it.</summary>
    private struct BinClock(long origin, long binNs)
    {
        private long bin, binStartNs = long.MaxValue, binEndNs = long.MinValue;

        // Inlined into the per-event loops (it was called through a stub into its precompiled code, 4% of a scan).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public long BinOf(long wallNs)
        {
            if (wallNs >= binEndNs || wallNs < binStartNs)
                MoveTo(wallNs);
            return bin;
        }

        private void MoveTo(long wallNs)
        {
            bin = FloorDiv(wallNs - origin, binNs);
            binStartNs = origin + bin * binNs;
            binEndNs = binStartNs + binNs;
        }
    }

    /// <summary>
    /// Calls the kernel summed count like events at their window's start: the bytes are exact, the
    /// timing inside that second is not known.
    /// </summary>
    private static void AddSummarizedIo(RecordingView recording, PairResolver resolver, ScanRequest request)
    {
        foreach (var summary in recording.SummarizedIo)
        {
            long wallNs = summary.WindowStartNs + recording.WallOffsetNs;
            if (!request.Window.Contains(wallNs))
                continue;
            var group = resolver.ForEvent(summary.ProcessId, summary.SocketId);
            if (group is null || ReferenceEquals(group, PairResolver.Diverted))
                continue;
            group.AddPayload((int)summary.Direction, summary.Bytes, summary.Calls,
                FloorDiv(wallNs - request.Window.StartWallNs, request.BinNs), wallNs);
        }
    }

    /// <summary>
    /// Packets count where their one-second accounting window starts. The payload of an unconnected UDP
    /// socket, when grouped or filtered by remote, is split by peer from its packets: IP length less the
    /// IP and UDP headers of each datagram.
    /// </summary>
    private static void AddPacketFlows(RecordingView recording, PairResolver resolver, ScanRequest request)
    {
        foreach (var flow in recording.PacketFlows)
        {
            long wallNs = flow.WindowStartNs + recording.WallOffsetNs;
            if (flow.SocketId == 0 || !request.Window.Contains(wallNs))
                continue;
            var socket = recording.Socket(flow.SocketId);
            long owner = socket?.ProcessId ?? 0;
            if (resolver.IsDiverted(socket))
            {
                var peer = resolver.ForPeer(owner, socket!, flow.RemoteAddr, flow.RemotePort);
                peer?.AddWire((int)flow.Direction, flow.Packets, flow.Bytes);
                long headers = flow.Packets * (flow.Family == AddressFamily.Inet6 ? Ipv6UdpHeaders : Ipv4UdpHeaders);
                peer?.AddPayload((int)flow.Direction, Math.Max(0, flow.Bytes - headers), flow.Packets,
                    FloorDiv(wallNs - request.Window.StartWallNs, request.BinNs), wallNs);
                continue;
            }
            resolver.ForSocketOwner(owner, flow.SocketId)?.AddWire((int)flow.Direction, flow.Packets, flow.Bytes);
        }
    }

    private const int Ipv4UdpHeaders = 20 + 8, Ipv6UdpHeaders = 40 + 8;

    /// <summary>
    /// A socket's retransmits in the window, see <see cref="WindowRetransmits"/>; whole-life counts (older recordings)
    /// are counted once per recording, for sockets alive in the window.
    /// </summary>
    private static void AddRetransmits(RecordingView recording, PairResolver resolver, AnalysisWindow window)
    {
        var retransmits = new WindowRetransmits(recording, window);
        foreach (var socket in recording.Sockets)
        {
            long count = retransmits.Of(socket);
            if (count == 0)
                continue;
            long first = socket.FirstSeenNs + recording.WallOffsetNs, last = socket.LastSeenNs + recording.WallOffsetNs;
            if (!retransmits.Timestamped && (last < window.ReadFromWallNs || first >= window.ReadToWallNs))
                continue;
            if (resolver.ForSocketOwner(socket.ProcessId, socket.SocketId) is { } group)
                group.Retransmits += count;
        }
    }

    public static long FloorDiv(long value, long divisor)
    {
        long quotient = Math.DivRem(value, divisor, out long remainder);
        return remainder < 0 ? quotient - 1 : quotient;
    }

    /// <summary>Which group a (process, socket) pair of one recording belongs to, decided once per pair.</summary>
    private sealed class PairResolver(RecordingView recording, int recordingIndex, ScanRequest request, Dictionary<object?[], GroupTraffic> groups)
    {
        public ScanRequest Request => request;
        public IReadOnlyDictionary<object?[], GroupTraffic> Groups => groups;
        private readonly Dictionary<(long, long), GroupTraffic?> pairs = [];
        private readonly Dictionary<(long, long), GroupTraffic?> owners = [];
        private readonly Dictionary<(long, string, int), GroupTraffic?> peers = [];
        private readonly bool needsInterface = request.Key.NeedsInterface || request.Filter.Ifaces.Count > 0;
        private readonly HashSet<long>? socketsWithPackets = request.Key.UsesRemote || request.Filter.Remotes.Count > 0
            ? recording.PacketFlows.Select(f => f.SocketId).ToHashSet()
            : null;

        /// <summary>Stands for events whose bytes are counted from packets instead (see <see cref="IsDiverted"/>).</summary>
        public static readonly GroupTraffic Diverted = new([]);

        /// <summary>
        /// Stands for a pair's events that count in its socket's own group, for a request of one group per socket: the scan's
        /// threads keep the pair's totals, and the group is made once they are done (<see cref="SocketGroup"/>).
        /// </summary>
        public static readonly GroupTraffic OwnSocket = new([], keepsBins: false);

        /// <summary>An unconnected UDP socket with packet accounting, while the remote end matters.</summary>
        public bool IsDiverted(SocketRecord? socket) =>
            socket is { Protocol: IpProtocol.Udp } && socketsWithPackets?.Contains(socket.SocketId) == true && SocketEndpoints.Remote(socket) is null;

        /// <summary>What a scan thread adds a pair's events to: <see cref="OwnSocket"/> (or none) for a request of one group per socket, else <see cref="ForEvent"/>.</summary>
        public GroupTraffic? ForPair(long processId, long socketId)
        {
            if (!request.TotalsPerSocket)
                return GroupOfPair(processId, socketId); // the aggregator asks once per pair: nothing to remember here
            var socket = recording.Socket(socketId);
            if (IsDiverted(socket))
                return Diverted;
            return request.Filter.Matches(recording.Process(processId), socket, InterfaceOf(socketId)) ? OwnSocket : null;
        }

        /// <summary>The group of one socket, for a request of one group per socket (whose key is the recording and the socket alone).</summary>
        public GroupTraffic SocketGroup(long socketId)
        {
            var group = GroupOf(request.Key.ValuesOf(recording, recordingIndex, null, recording.Socket(socketId), socketId, null));
            if (socketId != 0)
                group.Sockets.Add((recordingIndex, socketId));
            return group;
        }

        /// <summary>Adds the groups of another resolver of the same request (a scan thread's) to these.</summary>
        public void Merge(IReadOnlyDictionary<object?[], GroupTraffic> others)
        {
            foreach (var (values, group) in others)
            {
                if (groups.TryGetValue(values, out var known))
                    known.Add(group);
                else
                    groups.Add(values, group);
            }
        }

        /// <summary>The group of a (process, socket) pair's events; decided once per pair.</summary>
        public GroupTraffic? ForEvent(long processId, long socketId)
        {
            if (!pairs.TryGetValue((processId, socketId), out var known))
                pairs.Add((processId, socketId), known = GroupOfPair(processId, socketId));
            return known;
        }

        private GroupTraffic? GroupOfPair(long processId, long socketId)
        {
            var group = IsDiverted(recording.Socket(socketId)) ? Diverted : Resolve(processId, socketId);
            if (group is not null && group != Diverted && socketId != 0)
                group.Sockets.Add((recordingIndex, socketId));
            return group;
        }

        public GroupTraffic? ForSocketOwner(long processId, long socketId)
        {
            if (!owners.TryGetValue((processId, socketId), out var group))
                owners.Add((processId, socketId), group = Resolve(processId, socketId));
            return group;
        }

        /// <summary>The group of one peer of an unconnected UDP socket, owned by <paramref name="processId"/>.</summary>
        public GroupTraffic? ForPeer(long processId, SocketRecord socket, string remoteAddr, int remotePort)
        {
            if (peers.TryGetValue((socket.SocketId, remoteAddr, remotePort), out var known))
                return known;
            var group = Resolve(processId, socket.SocketId, socket with { RemoteAddr = remoteAddr, RemotePort = remotePort });
            group?.Sockets.Add((recordingIndex, socket.SocketId));
            peers.Add((socket.SocketId, remoteAddr, remotePort), group);
            return group;
        }

        private GroupTraffic? Resolve(long processId, long socketId, SocketRecord? peerSocket = null)
        {
            var process = recording.Process(processId);
            var socket = peerSocket ?? recording.Socket(socketId);
            string? iface = InterfaceOf(socketId);
            if (!request.Filter.Matches(process, socket, iface))
                return null;
            return GroupOf(request.Key.ValuesOf(recording, recordingIndex, process, socket, socketId, iface));
        }

        private string? InterfaceOf(long socketId) => needsInterface ? recording.SocketInterface(socketId) : null;

        private GroupTraffic GroupOf(object?[] values)
        {
            if (!groups.TryGetValue(values, out var group))
                groups.Add(values, group = new GroupTraffic(values, request.KeepsBins, request.ActiveBinsOnly));
            return group;
        }
    }
}
