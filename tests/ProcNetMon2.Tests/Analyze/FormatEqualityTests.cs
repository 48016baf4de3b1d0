using ProcNetMon2.Tests.Segments;

namespace ProcNetMon2.Tests.Analyze;

/// <summary>
/// Every analysis command prints the same from the same events, whichever format holds them: a SQLite recording
/// and its conversion to segments, run as a user runs pnm. The busy recording is large enough that SQLite is read
/// on several threads (rows in time order, one rowid range per core) and segments in several blocks.
/// </summary>
public sealed class FormatEqualityTests(FormatEqualityTests.BusyRecording busy) : IClassFixture<FormatEqualityTests.BusyRecording>, IDisposable
{
    private readonly TemporaryDirectory directory = new();

    public static TheoryData<string> Commands() =>
    [
        "report", "report --group-by remote,proto --interval 100ms", "report --group-by tree,iface --comm svc-3 --since +5s --until +17.25s",
        "report --group-by pid --port 53 --format json", "timeline --group-by comm --interval 250ms --top 3",
        "timeline --since +2.5s --until -3s --format csv", "connections", "protocols --format csv",
        "peaks --group-by comm --window 1s --step 500ms --top 4", "peaks --window 100ms",
        "diff --base-window +0s..+20s --new-window +20s..+40s", "diff --base-window ..+30s --new-window +30s.. --group-by pid --totals --metrics all",
    ];

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Sqlite_and_segments_give_the_same_output(string command)
    {
        var (db, pnm) = await busy.Paths.Value;
        string[] words = command.Split(' ');
        var fromSqlite = await Run(words, db);
        var fromSegments = await Run(words, pnm);

        Assert.True(fromSqlite.Code == 0, fromSqlite.Error);
        Assert.True(fromSqlite.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length >= 3, fromSqlite.Output);
        Assert.Equal(fromSqlite.Output.Replace(db, "RECORDING"), fromSegments.Output.Replace(pnm, "RECORDING"));
        Assert.Equal(fromSqlite.Code, fromSegments.Code);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    public async Task Random_recordings_give_the_same_reports_from_both_formats(int seed)
    {
        string db = directory.File($"random-{seed}.db");
        using (var writer = ProcNetMon2.Schema.Sqlite.SqliteRecordingWriter.Create(db))
            new RandomRecording(seed, maxEvents: 20_000).WriteTo(writer);
        string pnm = await Convert(db);

        foreach (string command in new[] { "report", "report --group-by remote,proto", "connections", "protocols" })
        {
            var fromSqlite = await Run(command.Split(' '), db);
            var fromSegments = await Run(command.Split(' '), pnm);
            Assert.Equal(fromSqlite.Output.Replace(db, "RECORDING"), fromSegments.Output.Replace(pnm, "RECORDING"));
            Assert.Equal(fromSqlite.Error.Replace(db, "RECORDING"), fromSegments.Error.Replace(pnm, "RECORDING"));
        }
    }

    /// <summary>One busy recording in both formats, written once for every command.</summary>
    public sealed class BusyRecording : IDisposable
    {
        private readonly TemporaryDirectory directory = new();

        public Lazy<Task<(string Db, string Pnm)>> Paths { get; }

        public BusyRecording() => Paths = new(async () =>
        {
            string db = Busy().WriteTo(directory.File("busy.db"));
            return (db, await Convert(db));
        });

        /// <summary>
        /// 60 s of 150,000 events in time order: 12 processes, TCP sockets, an unconnected UDP socket whose peers come
        /// from its packets, summarized calls, losses and retransmits.
        /// </summary>
        private static TestRecording Busy()
        {
            var random = new Random(7);
            var recording = new TestRecording().StoppedAt(60).Interface(1, "lo").Interface(2, "eth0");
            for (int p = 1; p <= 12; p++)
                recording.Process(TrafficReportTests.Proc(p, 1000 + p, $"svc-{p % 5}", parent: p > 6 ? 1000 + p - 6 : 1));
            for (int s = 1; s <= 40; s++)
                recording.Socket(TrafficReportTests.Socket(s, s % 12 + 1) with { RemoteAddr = $"10.0.{s % 3}.{s}", RemotePort = s % 4 == 0 ? 53 : 443 });
            recording.Socket(TrafficReportTests.Socket(41, 3) with { Protocol = IpProtocol.Udp, RemoteAddr = "", RemotePort = 0, Role = "udp" });
            for (int second = 0; second < 60; second += 2)
            {
                recording.Flow(second, socketId: 41, Direction.Tx, packets: 3, bytes: 3 * 90, ifindex: 2, remoteAddr: "10.9.9.9", remotePort: 53);
                recording.Flow(second, socketId: 41 - second % 4, Direction.Rx, packets: 10, bytes: 15_000, ifindex: second % 3 == 0 ? 1 : 2);
            }
            for (int i = 0; i < 150_000; i++)
            {
                double at = i * (60.0 / 150_000) + random.NextDouble() * 0.0003;
                int socket = random.Next(4) == 0 ? random.Next(1, 42) : random.Next(1, 8);
                long bytes = random.Next(10) == 0 ? random.Next(1, 65_536) : random.Next(1, 200);
                recording = random.Next(3) == 0 ? recording.Rx(at, socket % 12 + 1, socket, bytes) : recording.Tx(at, socket % 12 + 1, socket, bytes);
            }
            return recording.Summarized(12.5, 2, 1, Direction.Tx, bytes: 1_000_000, calls: 5_000).Loss(30, 17)
                .Incident(14.2, 3).Incident(44, 5, TcpIncident.ResetSent);
        }

        public void Dispose() => directory.Dispose();
    }

    /// <summary>The same events as segments, by pnm convert.</summary>
    private static async Task<string> Convert(string db)
    {
        string pnm = Path.ChangeExtension(db, ".pnm");
        var run = await PnmRun.Of("convert", db, "-o", pnm);
        Assert.True(run.Code == 0, run.Error);
        return pnm;
    }

    private static Task<PnmRun> Run(string[] words, string path) => PnmRun.Of([words[0], path, .. words[1..]]);

    public void Dispose() => directory.Dispose();
}
