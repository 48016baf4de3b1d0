using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Tests.Analyze;

public sealed class TrafficScanTests : IDisposable
{
    private const long Second = TestRecording.NanosecondsPerSecond;
    private readonly TemporaryDirectory directory = new();

    /// <summary>curl's two sockets and wget's one, events interleaved so that nearly every event changes (process, socket) pair.</summary>
    private RecordingSet Open() => RecordingSet.Open([Write()]);

    /// <summary>The same as segments (by pnm convert): a scan adds their blocks from their columns.</summary>
    private async Task<RecordingSet> OpenSegments()
    {
        string segments = directory.File("recording.pnm");
        var run = await PnmRun.Of("convert", Write(), "-o", segments);
        Assert.True(run.Code == 0, run.Error);
        return RecordingSet.Open([segments]);
    }

    private string Write() => new TestRecording().StoppedAt(4)
        .Process(1, 100, "curl").Process(2, 200, "wget")
        .Tx(0.2, 1, socketId: 7, bytes: 1000)
        .Rx(0.3, 2, socketId: 9, bytes: 50)
        .Rx(1.5, 1, socketId: 8, bytes: 400)
        .Tx(1.6, 1, socketId: 7, bytes: 30)
        .Tx(2.5, 2, socketId: 9, bytes: 3000)
        .Rx(3.1, 1, socketId: 7, bytes: 200)
        .WriteTo(directory.File("recording.db"));

    [Fact]
    public void A_request_of_totals_gives_each_groups_totals_and_first_and_last_times_without_bins()
    {
        using var recordings = Open();
        var window = AnalysisWindow.Select(recordings, null, null);

        var scan = TrafficScan.Run(recordings, ScanRequest.TotalsOf(GroupKey.PerSocket, TrafficFilter.None, window));

        var socket7 = scan.Groups.Single(g => Equals(g.Key[1], 7L));
        Assert.Equal((1030L, 200L, 2L, 1L), (socket7.TxBytes, socket7.RxBytes, socket7.TxEvents, socket7.RxEvents));
        Assert.Equal(TestRecording.At(0.2) + Offset(recordings), socket7.FirstEventWallNs);
        Assert.Equal(TestRecording.At(3.1) + Offset(recordings), socket7.LastEventWallNs);
        Assert.Equal([(0, 7L)], socket7.Sockets);
        Assert.Equal(6, scan.Events);
        Assert.All(scan.Groups, g => Assert.Throws<InvalidOperationException>(() => g.Bins));
    }

    /// <param name="sameBins">The requests that keep bins have the same ones (as the HTML page's report and protocol mix).</param>
    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task Requests_of_one_pass_give_what_each_gives_alone(bool segments, bool sameBins)
    {
        using var recordings = segments ? await OpenSegments() : Open();
        var window = AnalysisWindow.Select(recordings, null, null);
        ScanRequest[] requests =
        [
            new(GroupKey.By([GroupField.Pid]), TrafficFilter.None, window, Second),
            ScanRequest.TotalsOf(GroupKey.PerSocket, TrafficFilter.None, window),
            new(GroupKey.By([GroupField.Comm]), TrafficFilter.None, window, sameBins ? Second : 2 * Second),
        ];

        var together = TrafficScan.Run(recordings, requests);

        for (int r = 0; r < requests.Length; r++)
        {
            var alone = TrafficScan.Run(recordings, requests[r]);
            Assert.Equal(alone.Events, together[r].Events);
            Assert.Equal(Describe(alone, requests[r].KeepsBins), Describe(together[r], requests[r].KeepsBins));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Each_requests_result_is_handed_over_once_whole_before_the_pass_returns(bool segments)
    {
        using var recordings = segments ? await OpenSegments() : Open();
        var window = AnalysisWindow.Select(recordings, null, null);
        ScanRequest[] requests =
        [
            new(GroupKey.By([GroupField.Pid]), TrafficFilter.None, window, Second),
            ScanRequest.TotalsOf(GroupKey.PerSocket, TrafficFilter.None, window),
            new(GroupKey.By([GroupField.Comm]), TrafficFilter.None, window, Second),
        ];
        var handed = new System.Collections.Concurrent.ConcurrentDictionary<int, (ScanResult Result, string Described)>();

        var results = TrafficScan.Run(recordings, requests,
            (r, result) => Assert.True(handed.TryAdd(r, (result, string.Join('|', Describe(result, requests[r].KeepsBins)))), $"request {r} handed over twice"));

        Assert.Equal([0, 1, 2], handed.Keys.Order());
        for (int r = 0; r < requests.Length; r++)
        {
            Assert.Same(results[r], handed[r].Result);
            // What the callback saw is what the pass returns: nothing was added after it was handed over.
            Assert.Equal(string.Join('|', Describe(results[r], requests[r].KeepsBins)), handed[r].Described);
            Assert.NotEmpty(results[r].Groups);
        }
    }

    [Fact]
    public void A_failure_while_reading_one_requests_result_is_that_failure_itself()
    {
        using var recordings = Open();
        var window = AnalysisWindow.Select(recordings, null, null);
        var request = new ScanRequest(GroupKey.By([GroupField.Pid]), TrafficFilter.None, window, Second);

        var failure = Assert.Throws<RecordingException>(() =>
            TrafficScan.Run(recordings, [request, request], (r, _) => throw new RecordingException($"request {r} failed")));

        Assert.Matches("^request [01] failed$", failure.Message);
    }

    private static long Offset(RecordingSet recordings) => recordings.Recordings[0].WallOffsetNs;

    private static List<string> Describe(ScanResult scan, bool bins) => scan.Groups
        .Select(g => $"{string.Join('/', g.Key)}: {g.TxBytes} {g.RxBytes} {g.TxEvents} {g.RxEvents} {g.FirstEventWallNs} {g.LastEventWallNs} "
            + $"{g.Sockets.Count} {(bins ? string.Join(',', g.Bins.NonEmpty()) : "")}")
        .Order(StringComparer.Ordinal).ToList();

    public void Dispose() => directory.Dispose();
}
