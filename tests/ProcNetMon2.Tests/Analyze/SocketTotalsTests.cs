using ProcNetMon2.Analyze;

namespace ProcNetMon2.Tests.Analyze;

/// <summary>
/// A request of totals per socket (what `pnm connections` and the HTML page read) is added up per socket on the scan's
/// threads, without a group per socket there: its groups must be the ones the general path makes for the same key, the
/// path a request that keeps bins takes.
/// </summary>
public sealed class SocketTotalsTests : IDisposable
{
    private const int Sockets = 12;
    private readonly TemporaryDirectory directory = new();

    public static TheoryData<int, string> Cases()
    {
        var cases = new TheoryData<int, string>();
        foreach (int seed in new[] { 1, 2, 3, 4, 5 })
            foreach (string filter in new[] { "none", "pid", "remote", "proto" })
                cases.Add(seed, filter);
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Totals_per_socket_are_the_groups_of_the_general_path_over_random_recordings(int seed, string filter)
    {
        string written = Write(new Random(seed));
        string segments = directory.File($"recording-{seed}-{filter}.pnm");
        var convert = await PnmRun.Of("convert", written, "-o", segments);
        Assert.True(convert.Code == 0, convert.Error);
        var trafficFilter = FilterOf(filter);
        foreach (string path in new[] { written, segments })
        {
            using var recordings = RecordingSet.Open([path]);
            var window = AnalysisWindow.Select(recordings, null, null);
            var general = TrafficScan.Run(recordings, new ScanRequest(GroupKey.PerSocket, trafficFilter, window, TestRecording.NanosecondsPerSecond));
            // In one pass with a request of groups, as on the page.
            var perSocket = TrafficScan.Run(recordings, [
                new ScanRequest(GroupKey.By([GroupField.Pid]), trafficFilter, window, TestRecording.NanosecondsPerSecond),
                ScanRequest.TotalsOf(GroupKey.PerSocket, trafficFilter, window),
            ])[1];

            Assert.NotEmpty(general.Groups);
            Assert.Equal(general.Events, perSocket.Events);
            Assert.Equal(Describe(general), Describe(perSocket));
        }
    }

    private static TrafficFilter FilterOf(string filter) => filter switch
    {
        "none" => TrafficFilter.None,
        "pid" => new TrafficFilter { Pids = [101, 103] },
        // A remote filter counts an unconnected UDP socket's payload from its packets, by peer.
        "remote" => new TrafficFilter { Remotes = [System.Net.IPNetwork.Parse("10.0.0.0/30")] },
        "proto" => new TrafficFilter { Protos = ["udp"] },
        _ => throw new ArgumentOutOfRangeException(nameof(filter)),
    };

    /// <summary>
    /// Four processes and twelve sockets, a third of them unconnected UDP with packets from several peers; events of
    /// random pairs, among them sockets shared by two processes, sockets the recording does not know and socket 0;
    /// calls the kernel summarized; packets; retransmits.
    /// </summary>
    private string Write(Random random)
    {
        var recording = new TestRecording().StoppedAt(10);
        for (int process = 1; process <= 4; process++)
            recording.Process(process, 100 + process, $"p{process}");
        for (int socket = 1; socket <= Sockets; socket++)
        {
            bool udp = socket % 3 == 0;
            recording.Socket(new SocketRecord
            {
                SocketId = socket,
                ProcessId = 1 + socket % 4,
                Family = AddressFamily.Inet,
                Protocol = udp ? IpProtocol.Udp : IpProtocol.Tcp,
                LocalAddr = "10.0.1.1",
                LocalPort = 40000 + socket,
                RemoteAddr = udp ? "0.0.0.0" : $"10.0.0.{socket % 6}",
                RemotePort = udp ? 0 : 443,
                FirstSeenNs = TestRecording.At(0),
                LastSeenNs = TestRecording.At(9),
                Retransmits = socket % 2,
            });
        }
        double at = 0;
        for (int i = 0; i < 400; i++)
        {
            at += random.NextDouble() * 0.024;
            long process = random.Next(0, 5), socket = random.Next(0, Sockets + 3);
            long bytes = random.Next(0, 3) == 0 ? 0 : random.Next(1, 5000);
            recording = random.Next(2) == 0 ? recording.Tx(at, process, socket, bytes) : recording.Rx(at, process, socket, bytes);
        }
        for (int i = 0; i < 10; i++)
            recording.Summarized(random.Next(0, 9), random.Next(1, 5), random.Next(1, Sockets + 1), random.Next(2) == 0 ? Direction.Tx : Direction.Rx,
                random.Next(1, 100000), random.Next(1, 50));
        for (int i = 0; i < 30; i++)
            recording.Flow(random.Next(0, 9), random.Next(1, Sockets + 1), random.Next(2) == 0 ? Direction.Tx : Direction.Rx, random.Next(1, 20),
                random.Next(100, 30000), remoteAddr: $"10.0.0.{random.Next(0, 6)}", remotePort: 53);
        for (int i = 0; i < 5; i++)
            recording.Incident(random.NextDouble() * 9, random.Next(1, Sockets + 1));
        return recording.WriteTo(directory.File($"recording-{random.Next()}.db"));
    }

    private static List<string> Describe(ScanResult scan) => scan.Groups
        .Select(g => $"{string.Join('/', g.Key)}: {g.TxBytes} {g.RxBytes} {g.TxEvents} {g.RxEvents} {g.FirstEventWallNs} {g.LastEventWallNs} "
            + $"[{string.Join(',', g.Sockets.Order())}] {g.HasWire} {g.WireTxBytes} {g.WireRxBytes} {g.WireTxPackets} {g.WireRxPackets} {g.Retransmits}")
        .Order(StringComparer.Ordinal).ToList();

    public void Dispose() => directory.Dispose();
}
