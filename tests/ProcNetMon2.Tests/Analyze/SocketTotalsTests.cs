using ProcNetMon2.Analyze;

namespace ProcNetMon2.Tests.Analyze;

/// <summary>
/// A request of totals per socket (what `pnm connections` and the HTML page read) is added up per socket on the scan's
/// threads, without a group per socket there: its groups must be the ones the general path makes for the same key, the
/// path a request that keeps bins takes.
/// </summary>
public sealed class SocketTotalsTests : IDisposable
{
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
        string written = RandomTrafficRecording.Write(new Random(seed), directory);
        string segments = directory.File($"recording-{seed}-{filter}.pnm");
        var convert = await PnmRun.Of("convert", written, "-o", segments);
        Assert.True(convert.Code == 0, convert.Error);
        var trafficFilter = RandomTrafficRecording.FilterOf(filter);
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

    private static List<string> Describe(ScanResult scan) => scan.Groups
        .Select(g => $"{string.Join('/', g.Key)}: {g.TxBytes} {g.RxBytes} {g.TxEvents} {g.RxEvents} {g.FirstEventWallNs} {g.LastEventWallNs} "
            + $"[{string.Join(',', g.Sockets.Order())}] {g.HasWire} {g.WireTxBytes} {g.WireRxBytes} {g.WireTxPackets} {g.WireRxPackets} {g.Retransmits}")
        .Order(StringComparer.Ordinal).ToList();

    public void Dispose() => directory.Dispose();
}
