namespace ProcNetMon2.Tests.Segments;

/// <summary>
/// A recording made of random values from a seed: odd strings, missing optional fields, extreme
/// numbers, repeated upserts, events out of order and with equal timestamps. Writes itself to any
/// sink in random-sized batches and flushes, as a recorder would.
/// </summary>
internal sealed class RandomRecording
{
    private readonly int seed;
    private readonly List<ProcessRecord> processUpserts = [];
    private readonly List<SocketRecord> socketUpserts = [];

    public RecordingInfo Info { get; }
    public IReadOnlyList<IoEvent> Events { get; }
    public IReadOnlyList<LossRecord> Losses { get; }
    public IReadOnlyList<InterfaceRecord> Interfaces { get; }
    public IReadOnlyList<PacketFlowRecord> PacketFlows { get; }
    public IReadOnlyList<RecorderStatsRecord> RecorderStats { get; }
    public IReadOnlyList<TcpIncidentRecord> TcpIncidents { get; }
    public IReadOnlyList<SummarizedIoRecord> SummarizedIo { get; }
    public bool Finished { get; }

    public RandomRecording(int seed, int maxEvents = 5_000)
    {
        this.seed = seed;
        var random = new Random(seed);
        long started = random.NextInt64(0, long.MaxValue / 4);
        Finished = random.Next(4) != 0;
        Info = new RecordingInfo
        {
            FormatVersion = FormatVersion.Segments,
            PnmVersion = Text(random),
            Host = Text(random),
            KernelRelease = Text(random),
            Backend = "tracepoint",
            Programs = Text(random),
            Filters = random.Next(2) == 0 ? "" : Text(random),
            RingBytes = random.NextInt64(),
            StartedNs = started,
            StoppedNs = Finished ? started + random.NextInt64(1, 1L << 40) : null,
            MonotonicToWallNs = random.NextInt64(long.MinValue / 2, long.MaxValue / 2),
        };

        int processCount = random.Next(1, 40);
        for (int p = 0; p < processCount; p++)
        {
            var process = RandomProcess(random, p + 1);
            processUpserts.Add(process);
            if (random.Next(3) == 0)
                processUpserts.Add(process with { ExitNs = random.NextInt64(), ExitCode = random.Next(-5, 256) });
        }
        // A few hundred sockets sometimes, so a block's dictionary outgrows one-byte indexes.
        int socketCount = random.Next(3) == 0 ? random.Next(200, 600) : random.Next(1, 30);
        for (int s = 0; s < socketCount; s++)
        {
            var socket = RandomSocket(random, s + 1, random.Next(1, processCount + 1));
            socketUpserts.Add(socket);
            if (random.Next(4) == 0)
                socketUpserts.Add(socket with { LastSeenNs = socket.LastSeenNs + random.Next(1_000_000) });
        }

        int eventCount = random.Next(0, maxEvents + 1);
        var events = new IoEvent[eventCount];
        long ts = started;
        for (int i = 0; i < eventCount; i++)
        {
            ts += random.Next(10) switch
            {
                0 => 0,                               // equal timestamps
                1 => -random.Next(1, 100_000),        // a little out of order
                2 => random.NextInt64(1, 1L << 33),   // a long pause
                _ => random.Next(1, 5_000),
            };
            long bytes = random.Next(20) switch
            {
                0 => long.MaxValue,
                1 => 0,
                2 => -random.Next(1, 100),
                _ => random.Next(1, 70_000),
            };
            events[i] = new IoEvent(ts, random.Next(1, processCount + 1), random.Next(1, 100_000),
                random.Next(1, socketCount + 1), (Direction)random.Next(2), bytes);
        }
        Events = events;
        Interfaces = Enumerable.Range(1, random.Next(0, 4)).Select(i => new InterfaceRecord(i, i == 1 ? "lo" : Text(random))).ToList();
        PacketFlows = Enumerable.Range(0, random.Next(0, 50)).Select(_ => new PacketFlowRecord
        {
            WindowStartNs = random.NextInt64(), WindowEndNs = random.NextInt64(), SocketId = random.Next(0, socketCount + 1),
            Ifindex = random.Next(1, 4), Direction = (Direction)random.Next(2), Family = AddressFamily.Inet6, Protocol = IpProtocol.Udp,
            RemoteAddr = random.Next(2) == 0 ? "" : "2001:db8::1", RemotePort = random.Next(65_536), Packets = random.NextInt64(), Bytes = random.NextInt64(),
        }).ToList();
        Losses = Enumerable.Range(0, random.Next(0, 5))
            .Select(_ => new LossRecord(random.NextInt64(started, started + (1L << 40)), random.NextInt64(1, 1L << 40), random.Next(3) == 0 ? null : random.Next(64)))
            .ToList();
        RecorderStats = Enumerable.Range(0, random.Next(0, 10)).Select(s => new RecorderStatsRecord
        {
            WindowStartNs = started + s * 1_000_000_000L, WindowEndNs = started + (s + 1) * 1_000_000_000L,
            CpuSeconds = random.NextDouble() / 3, RssBytes = random.NextInt64(1L << 36), RingFillPeakBytes = random.Next(),
            EventsSubmitted = random.NextInt64(1L << 40), EventsFiltered = random.NextInt64(1L << 40),
            FlowUpdatesLost = random.Next(3) == 0 ? random.NextInt64(1L << 40) : 0,
            CallsSummarized = random.Next(3) == 0 ? 0 : random.NextInt64(1L << 40),
        }).ToList();
        // Drawn from a random of their own, so the values above stay what they were before summarized I/O existed.
        var summaries = new Random(seed ^ 0x5ca1ab1e);
        SummarizedIo = Enumerable.Range(0, summaries.Next(0, 20)).Select(_ => new SummarizedIoRecord
        {
            WindowStartNs = summaries.NextInt64(started, started + (1L << 40)), WindowEndNs = summaries.NextInt64(),
            ProcessId = summaries.Next(1, processCount + 1), Tid = summaries.Next(), SocketId = summaries.Next(1, socketCount + 1),
            Direction = (Direction)summaries.Next(2), Bytes = summaries.NextInt64(), Calls = summaries.NextInt64(1, 1L << 40),
        }).ToList();
        // Out of order and with equal timestamps sometimes, as incidents of sockets named late are written.
        TcpIncidents = Enumerable.Range(0, random.Next(4) == 0 ? 0 : random.Next(1, 300))
            .Select(i => new TcpIncidentRecord(started + random.NextInt64(0, 1L << 36) / (random.Next(5) == 0 ? 1L << 30 : 1),
                random.Next(0, socketCount + 1), (TcpIncident)random.Next(1, 4)))
            .ToList();
    }

    public IReadOnlyList<ProcessRecord> Processes => processUpserts.GroupBy(p => p.ProcessId).Select(g => g.Last()).OrderBy(p => p.ProcessId).ToList();
    public IReadOnlyList<SocketRecord> Sockets => socketUpserts.GroupBy(s => s.SocketId).Select(g => g.Last()).OrderBy(s => s.SocketId).ToList();
    public RecordingInfo FinalInfo => Info;
    public IReadOnlyList<IoEvent> EventsInTimeOrder => Events.OrderBy(e => e.TimestampNs).ToList();

    /// <summary>Writes like a recorder: metadata as it appears, events in random batches, flushes now and then.</summary>
    public void WriteTo(IRecordingSink sink)
    {
        var random = new Random(seed ^ 0x5eed);
        sink.Begin(Info with { StoppedNs = null });
        foreach (var process in processUpserts)
            sink.UpsertProcess(process);
        foreach (var socket in socketUpserts)
            sink.UpsertSocket(socket);
        var events = Events.ToArray().AsSpan();
        while (!events.IsEmpty)
        {
            int take = Math.Min(events.Length, random.Next(1, 3_000));
            sink.AddEvents(events[..take]);
            events = events[take..];
            if (random.Next(3) == 0)
                sink.Flush();
        }
        foreach (var loss in Losses)
            sink.AddLoss(loss);
        foreach (var networkInterface in Interfaces)
            sink.UpsertInterface(networkInterface);
        sink.AddPacketFlows(PacketFlows);
        foreach (var window in RecorderStats)
            sink.AddRecorderStats(window);
        foreach (var chunk in TcpIncidents.Chunk(random.Next(1, 100)))
        {
            sink.AddTcpIncidents(chunk);
            if (random.Next(4) == 0)
                sink.Flush();
        }
        sink.AddSummarizedIo(SummarizedIo);
        sink.Flush();
        if (Info.StoppedNs is { } stopped)
            sink.Finish(stopped);
    }

    private static ProcessRecord RandomProcess(Random random, long id) => new()
    {
        ProcessId = id,
        Pid = random.Next(),
        ParentPid = random.Next(2) == 0 ? null : random.Next(),
        Comm = Text(random),
        Exe = random.Next(2) == 0 ? null : Text(random),
        Cmdline = random.Next(2) == 0 ? null : Text(random),
        Uid = random.Next(2) == 0 ? null : random.Next(),
        FirstSeenNs = random.NextInt64(),
        ExecNs = random.Next(2) == 0 ? null : random.NextInt64(),
        ExitNs = random.Next(2) == 0 ? null : random.NextInt64(),
        ExitCode = random.Next(2) == 0 ? null : random.Next(int.MinValue, int.MaxValue),
        ForkNs = random.Next(2) == 0 ? null : random.NextInt64(),
        Gid = random.Next(2) == 0 ? null : random.Next(),
        CgroupPath = random.Next(2) == 0 ? null : "/system.slice/" + Text(random),
        Container = random.Next(2) == 0 ? null : Text(random),
        Unit = random.Next(2) == 0 ? null : Text(random),
        UserName = random.Next(2) == 0 ? null : Text(random),
    };

    private static SocketRecord RandomSocket(Random random, long id, long processId) => new()
    {
        SocketId = id,
        ProcessId = processId,
        Family = random.Next(2) == 0 ? AddressFamily.Inet : AddressFamily.Inet6,
        Protocol = random.Next(2) == 0 ? IpProtocol.Tcp : IpProtocol.Udp,
        LocalAddr = random.Next(2) == 0 ? "10.0.0.1" : "fe80::1",
        LocalPort = random.Next(65_536),
        RemoteAddr = random.Next(3) == 0 ? "" : "2001:db8::" + random.Next(65_536).ToString("x"),
        RemotePort = random.Next(65_536),
        FirstSeenNs = random.NextInt64(),
        LastSeenNs = random.NextInt64(),
        Cookie = random.Next(2) == 0 ? null : random.NextInt64(long.MinValue, long.MaxValue),
        Role = random.Next(2) == 0 ? null : "client",
        ConnectNs = random.Next(2) == 0 ? null : random.NextInt64(),
        EstablishedNs = random.Next(2) == 0 ? null : random.NextInt64(),
        CloseNs = random.Next(2) == 0 ? null : random.NextInt64(),
        CloseReason = random.Next(2) == 0 ? null : "rst",
        State = random.Next(2) == 0 ? null : Text(random),
        Retransmits = random.Next(2) == 0 ? 0 : random.NextInt64(),
        ResetsSent = random.Next(3) == 0 ? 0 : random.Next(10),
        ResetsReceived = random.Next(3) == 0 ? 0 : random.Next(10),
    };

    // No NUL: SQLite text stops at one, and the kernel's strings never hold one.
    private static readonly string[] Fragments = ["", "curl", "ä", "日本", "\"q\"", ",", "\n", "🙂", "a b", "long-" + new string('x', 300)];

    private static string Text(Random random) =>
        string.Concat(Enumerable.Range(0, random.Next(0, 4)).Select(_ => Fragments[random.Next(Fragments.Length)]));
}
