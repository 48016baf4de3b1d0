using ProcNetMon2.Schema.Sqlite;

namespace ProcNetMon2.Tests.Schema;

/// <summary>
/// Describes a small recording in a few lines and writes it with the real SQLite writer.
/// Times are given in seconds after the recording start, which is <see cref="StartedNs"/>.
/// </summary>
internal sealed class TestRecording
{
    public const long StartedNs = 5_000_000_000_000;
    public const long NanosecondsPerSecond = 1_000_000_000;
    /// <summary>The start is 2025-01-01T00:00:00Z on the wall clock.</summary>
    public static readonly DateTimeOffset StartedWallClock = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly List<ProcessRecord> processes = [];
    private readonly List<SocketRecord> sockets = [];
    private readonly List<IoEvent> events = [];
    private readonly List<LossRecord> losses = [];
    private readonly List<PacketFlowRecord> flows = [];
    private readonly List<InterfaceRecord> interfaces = [];
    private readonly List<TcpIncidentRecord> incidents = [];
    private readonly List<RecorderStatsRecord> recorderStats = [];
    private readonly List<SummarizedIoRecord> summaries = [];
    private DateTimeOffset wallClockStart = StartedWallClock;
    private long? stoppedNs = StartedNs + 10 * NanosecondsPerSecond;
    private string filters = "";
    private string backend = "fentry", kernelRelease = "6.8.0-test", host = "test-host";

    public RecordingInfo Info => new()
    {
        FormatVersion = FormatVersion.Sqlite,
        PnmVersion = "0.1.0",
        Host = host,
        KernelRelease = kernelRelease,
        Backend = backend,
        Programs = "tcp_sendmsg,tcp_recvmsg",
        Filters = filters,
        RingBytes = 16 << 20,
        StartedNs = StartedNs,
        StoppedNs = stoppedNs,
        MonotonicToWallNs = wallClockStart.ToUnixTimeMilliseconds() * 1_000_000 - StartedNs,
    };

    public static long At(double secondsAfterStart) => StartedNs + (long)Math.Round(secondsAfterStart * NanosecondsPerSecond);

    public TestRecording StoppedAt(double secondsAfterStart)
    {
        stoppedNs = At(secondsAfterStart);
        return this;
    }

    /// <summary>As a recorder that crashed leaves it: no stop time.</summary>
    public TestRecording NeverStopped()
    {
        stoppedNs = null;
        return this;
    }

    /// <summary>As a recording made after another boot: the same monotonic start, another wall-clock time.</summary>
    public TestRecording StartingOnTheWallClockAt(DateTimeOffset start)
    {
        wallClockStart = start;
        return this;
    }

    public TestRecording OnHost(string name)
    {
        host = name;
        return this;
    }

    public TestRecording RecordedWith(string socketBackend, string kernel)
    {
        backend = socketBackend;
        kernelRelease = kernel;
        return this;
    }

    public TestRecording WithFilters(string commandLineFilters)
    {
        filters = commandLineFilters;
        return this;
    }

    public TestRecording Process(long processId, int pid, string comm) => Process(new ProcessRecord
    {
        ProcessId = processId,
        Pid = pid,
        Comm = comm,
        FirstSeenNs = StartedNs,
    });

    public TestRecording Process(ProcessRecord process)
    {
        processes.Add(process);
        return this;
    }

    public TestRecording Socket(SocketRecord socket)
    {
        sockets.Add(socket);
        return this;
    }

    public TestRecording Tx(double secondsAfterStart, long processId, long socketId, long bytes) =>
        Event(new IoEvent(At(secondsAfterStart), processId, Tid: 1, socketId, Direction.Tx, bytes));

    public TestRecording Rx(double secondsAfterStart, long processId, long socketId, long bytes) =>
        Event(new IoEvent(At(secondsAfterStart), processId, Tid: 1, socketId, Direction.Rx, bytes));

    /// <summary>Takes the timestamp in nanoseconds as it is, for events that must land on an exact boundary.</summary>
    public TestRecording Event(IoEvent io)
    {
        events.Add(io);
        return this;
    }

    /// <summary>Calls the kernel summed, the first at the given time and the last <paramref name="lengthSeconds"/> later.</summary>
    public TestRecording Summarized(double windowSecondsAfterStart, long processId, long socketId, Direction direction, long bytes, long calls,
        double lengthSeconds = 0.5, int tid = 1)
    {
        summaries.Add(new SummarizedIoRecord
        {
            WindowStartNs = At(windowSecondsAfterStart),
            WindowEndNs = At(windowSecondsAfterStart + lengthSeconds),
            ProcessId = processId,
            Tid = tid,
            SocketId = socketId,
            Direction = direction,
            Bytes = bytes,
            Calls = calls,
        });
        return this;
    }

    public TestRecording Loss(double windowSecondsAfterStart, long lost)
    {
        losses.Add(new LossRecord(At(windowSecondsAfterStart), lost));
        return this;
    }

    /// <summary>Packets of a socket counted in the one-second window starting at the given time.</summary>
    public TestRecording Flow(double windowSecondsAfterStart, long socketId, Direction direction, long packets, long bytes,
        int ifindex = 1, string remoteAddr = "127.0.0.1", int remotePort = 80)
    {
        flows.Add(new PacketFlowRecord
        {
            WindowStartNs = At(windowSecondsAfterStart),
            WindowEndNs = At(windowSecondsAfterStart + 1),
            SocketId = socketId,
            Ifindex = ifindex,
            Direction = direction,
            Family = AddressFamily.Inet,
            Protocol = IpProtocol.Tcp,
            RemoteAddr = remoteAddr,
            RemotePort = remotePort,
            Packets = packets,
            Bytes = bytes,
        });
        return this;
    }

    public TestRecording Incident(double secondsAfterStart, long socketId, TcpIncident kind = TcpIncident.Retransmit)
    {
        incidents.Add(new TcpIncidentRecord(At(secondsAfterStart), socketId, kind));
        return this;
    }

    /// <summary>The recorder's statistics of the one-second flush window starting at the given time.</summary>
    public TestRecording FlushWindow(double windowSecondsAfterStart, long flowUpdatesLost)
    {
        recorderStats.Add(new RecorderStatsRecord
        {
            WindowStartNs = At(windowSecondsAfterStart),
            WindowEndNs = At(windowSecondsAfterStart + 1),
            CpuSeconds = 0.01,
            RssBytes = 50 << 20,
            RingFillPeakBytes = 4096,
            EventsSubmitted = 100,
            EventsFiltered = 0,
            FlowUpdatesLost = flowUpdatesLost,
        });
        return this;
    }

    public TestRecording Interface(int ifindex, string name)
    {
        interfaces.Add(new InterfaceRecord(ifindex, name));
        return this;
    }

    public string WriteTo(string path)
    {
        var info = Info;
        using var writer = SqliteRecordingWriter.Create(path);
        writer.Begin(info with { StoppedNs = null });
        processes.ForEach(writer.UpsertProcess);
        sockets.ForEach(writer.UpsertSocket);
        writer.AddEvents(events.ToArray());
        losses.ForEach(writer.AddLoss);
        interfaces.ForEach(writer.UpsertInterface);
        if (flows.Count > 0)
            writer.AddPacketFlows(flows);
        if (incidents.Count > 0)
            writer.AddTcpIncidents(incidents);
        recorderStats.ForEach(writer.AddRecorderStats);
        if (summaries.Count > 0)
            writer.AddSummarizedIo(summaries);
        writer.Flush();
        if (info.StoppedNs is { } stopped)
            writer.Finish(stopped);
        return path;
    }

    /// <summary>
    /// Writes the recording as a recorder does: processes, sockets and interfaces first, then each second's rows (by
    /// their time, a window's by its start) followed by a flush, so a segment writer that rotates leaves a history.
    /// </summary>
    public void WriteSecondBySecond(IRecordingSink writer)
    {
        var info = Info;
        writer.Begin(info with { StoppedNs = null });
        processes.ForEach(writer.UpsertProcess);
        sockets.ForEach(writer.UpsertSocket);
        interfaces.ForEach(writer.UpsertInterface);
        static long SecondOf(long ns) => (long)Math.Floor((ns - StartedNs) / (double)NanosecondsPerSecond);
        var seconds = events.Select(e => e.TimestampNs).Concat(losses.Select(l => l.WindowStartNs)).Concat(flows.Select(f => f.WindowStartNs))
            .Concat(incidents.Select(i => i.TimestampNs)).Concat(recorderStats.Select(s => s.WindowStartNs)).Concat(summaries.Select(s => s.WindowStartNs))
            .Select(SecondOf).Distinct().Order();
        foreach (long second in seconds)
        {
            writer.AddEvents(events.Where(e => SecondOf(e.TimestampNs) == second).OrderBy(e => e.TimestampNs).ToArray());
            losses.Where(l => SecondOf(l.WindowStartNs) == second).ToList().ForEach(writer.AddLoss);
            writer.AddPacketFlows(flows.Where(f => SecondOf(f.WindowStartNs) == second).ToList());
            writer.AddTcpIncidents(incidents.Where(i => SecondOf(i.TimestampNs) == second).ToList());
            recorderStats.Where(s => SecondOf(s.WindowStartNs) == second).ToList().ForEach(writer.AddRecorderStats);
            writer.AddSummarizedIo(summaries.Where(s => SecondOf(s.WindowStartNs) == second).ToList());
            writer.Flush();
        }
        if (info.StoppedNs is { } stopped)
            writer.Finish(stopped);
    }

    /// <summary>Writes the recording into the directory and opens it the way pnm does.</summary>
    public IRecordingSource Open(TemporaryDirectory directory, string name = "recording.db") =>
        RecordingFile.Open(WriteTo(directory.File(name)));
}
