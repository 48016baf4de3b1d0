using ProcNetMon2.Schema;
using ProcNetMon2.Schema.Segments;
using ProcNetMon2.Schema.Sqlite;

namespace ProcNetMon2.Fuzz;

/// <summary>The seed corpus: one small recording with every kind of row, written by the real writers in both formats.</summary>
internal static class SeedRecording
{
    private const long Start = 1_000_000_000_000, Second = 1_000_000_000;

    /// <summary>DIR/segment, DIR/frames (the segment's frames, see <see cref="FrameInput"/>), DIR/sqlite (and one with an events b-tree of two levels) and DIR/convert (both), one file per seed.</summary>
    public static void WriteCorpus(string directory)
    {
        string scratch = Directory.CreateTempSubdirectory("pnm-fuzz-seeds-").FullName;
        try
        {
            string db = Path.Combine(scratch, "seed.db"), pnm = Path.Combine(scratch, "seed.pnm");
            using (var sqlite = SqliteRecordingWriter.Create(db))
                Fill(sqlite);
            using (var segments = SegmentRecordingWriter.Create(pnm))
                Fill(segments);
            string segment = Directory.GetFiles(pnm).Single();
            Copy(segment, Path.Combine(directory, "segment", "seed-1"));
            Directory.CreateDirectory(Path.Combine(directory, "frames"));
            File.WriteAllBytes(Path.Combine(directory, "frames", "seed-1"), FrameInput.FromSegment(segment));
            Copy(db, Path.Combine(directory, "sqlite", "seed-1"));
            // Enough events for an events b-tree of two levels, whose pages the reader walks itself.
            string tree = Path.Combine(scratch, "tree.db");
            using (var sqlite = SqliteRecordingWriter.Create(tree))
                Fill(sqlite, TreeEvents);
            Copy(tree, Path.Combine(directory, "sqlite", "seed-2"));
            Copy(segment, Path.Combine(directory, "convert", "seed-segment"));
            Copy(db, Path.Combine(directory, "convert", "seed-sqlite"));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to, overwrite: true);
    }

    /// <summary>About six leaf pages of 4 KiB under one interior page.</summary>
    public const int TreeEvents = 800;

    private static void Fill(IRecordingSink sink, int events = 24)
    {
        sink.Begin(new RecordingInfo
        {
            FormatVersion = sink.FormatVersion, PnmVersion = "0.1.0", Host = "seed", KernelRelease = "6.1.0", Backend = "sock_io:tracepoint",
            Programs = "sock_send_length", Filters = "", RingBytes = 1 << 20, StartedNs = Start, MonotonicToWallNs = 1_700_000_000L * Second,
        });
        sink.UpsertProcess(new ProcessRecord { ProcessId = 1, Pid = 100, ParentPid = 1, Comm = "curl", Exe = "/usr/bin/curl", Cmdline = "curl x", Uid = 1000, FirstSeenNs = Start, UserName = "u" });
        sink.UpsertProcess(new ProcessRecord { ProcessId = 2, Pid = 200, Comm = "nginx", FirstSeenNs = Start, ExitNs = Start + 2 * Second, ExitCode = 0, CgroupPath = "/system.slice/nginx.service", Unit = "nginx.service" });
        sink.UpsertSocket(new SocketRecord { SocketId = 1, ProcessId = 1, Family = 2, Protocol = 6, LocalAddr = "127.0.0.1", LocalPort = 40000, RemoteAddr = "127.0.0.1", RemotePort = 80, FirstSeenNs = Start, LastSeenNs = Start + Second, ConnectNs = Start, App = "http" });
        sink.UpsertSocket(new SocketRecord { SocketId = 2, ProcessId = 2, Family = 10, Protocol = 17, LocalAddr = "::1", LocalPort = 53, RemoteAddr = "::1", RemotePort = 5353, FirstSeenNs = Start, LastSeenNs = Start + Second });
        sink.UpsertInterface(new InterfaceRecord(1, "lo"));
        long spacing = Second / 10 * 24 / events; // the events span 2.4 s however many
        sink.AddEvents(Enumerable.Range(0, events).Select(i => new IoEvent(Start + i * spacing, 1 + i % 2, 100, 1 + i % 2, (Direction)(i % 2), 100 + i * 37)).ToArray());
        sink.AddLoss(new LossRecord(Start, 3, 0));
        sink.AddPacketFlows([new PacketFlowRecord { WindowStartNs = Start, WindowEndNs = Start + Second, SocketId = 1, Ifindex = 1, Direction = Direction.Tx, Family = 2, Protocol = 6, RemoteAddr = "127.0.0.1", RemotePort = 80, Packets = 4, Bytes = 600 }]);
        sink.AddTcpIncidents([new TcpIncidentRecord(Start + Second / 2, 1, TcpIncident.Retransmit)]);
        sink.AddSummarizedIo([new SummarizedIoRecord { WindowStartNs = Start, WindowEndNs = Start + Second, ProcessId = 1, Tid = 100, SocketId = 1, Direction = Direction.Tx, Bytes = 5000, Calls = 7 }]);
        sink.AddRecorderStats(new RecorderStatsRecord { WindowStartNs = Start, WindowEndNs = Start + Second, CpuSeconds = 0.01, RssBytes = 1 << 20, RingFillPeakBytes = 4096, EventsSubmitted = events, EventsFiltered = 0 });
        sink.Flush();
        sink.Finish(Start + 3 * Second);
    }
}
