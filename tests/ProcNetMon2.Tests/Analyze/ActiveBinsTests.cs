using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Tests.Analyze;

/// <summary>
/// The protocol mix's groups keep only which bins had traffic (<see cref="BinPresence"/>): their active bins must be
/// the non-empty bins of the series the same groups keep when asked for their bytes per bin, on every path of the scan
/// (a block's columns with one clock or several, events one by one from SQLite, summarized calls, packet payload).
/// </summary>
public sealed class ActiveBinsTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    public static TheoryData<int, string, string> Cases()
    {
        var cases = new TheoryData<int, string, string>();
        foreach (int seed in new[] { 1, 2, 3, 4, 5 })
            foreach (string filter in new[] { "none", "remote", "proto" })
                foreach (string grouping in new[] { "none", "remote" })
                    cases.Add(seed, filter, grouping);
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Active_bins_are_the_non_empty_bins_of_the_groups_series_over_random_recordings(int seed, string filter, string grouping)
    {
        string written = RandomTrafficRecording.Write(new Random(seed), directory);
        string segments = directory.File($"recording-{seed}-{filter}-{grouping}.pnm");
        var convert = await PnmRun.Of("convert", written, "-o", segments);
        Assert.True(convert.Code == 0, convert.Error);
        foreach (string path in new[] { written, segments })
        {
            using var recordings = RecordingSet.Open([path]);
            var options = new ReportOptions
            {
                Filter = RandomTrafficRecording.FilterOf(filter),
                GroupBy = grouping == "remote" ? [GroupField.Remote] : null,
                Interval = TimeSpan.FromMilliseconds(100),
            };
            var active = Protocols.Request(recordings, options);
            Assert.True(active.ActiveBinsOnly);
            var series = TrafficScan.Run(recordings, active with { ActiveBinsOnly = false });
            var expected = Describe(series, g => g.Bins.NonEmpty().LongCount());
            Assert.NotEmpty(series.Groups);
            Assert.Contains(series.Groups, g => g.Bins.NonEmpty().Count() > 1);

            // Alone; beside a request of bytes per bin with the same bins (one clock, as on the page); with other bins.
            var report = TrafficReport.Request(recordings, options);
            foreach (var requests in new ScanRequest[][] { [active], [report, active], [report with { BinNs = 3 * report.BinNs }, active] })
            {
                var scan = TrafficScan.Run(recordings, requests)[^1];
                Assert.All(scan.Groups, g => Assert.False(g.KeepsBins));
                Assert.Equal(expected, Describe(scan, g => g.ActiveBins));
                Assert.Equal(series.Events, scan.Events);
            }
        }
    }

    private static List<string> Describe(ScanResult scan, Func<GroupTraffic, long> activeBins) => scan.Groups
        .Select(g => $"{string.Join('/', g.Key)}: {activeBins(g)} active, {g.TxBytes} {g.RxBytes} {g.TxEvents} {g.RxEvents} {g.FirstEventWallNs} {g.LastEventWallNs}")
        .Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void Marked_bins_are_counted_once_whatever_page_or_order_and_a_merge_is_their_union()
    {
        var random = new Random(7);
        var one = new BinPresence();
        var other = new BinPresence();
        var expected = new HashSet<long>();
        for (int i = 0; i < 5000; i++)
        {
            long bin = random.Next(-9000, 20000);
            (random.Next(2) == 0 ? one : other).Mark(bin, 1);
            expected.Add(bin);
        }
        one.Mark(4095, 1);
        one.Mark(4096, 1); // the last bin of a page, then the first of the next
        expected.UnionWith([4095, 4096]);

        one.AddAll(other);

        Assert.Equal(expected.Count, one.Count);
        Assert.Equal(0, new BinPresence().Count);
        var silent = new BinPresence();
        silent.Mark(3, 0); // a zero-byte event marks nothing
        Assert.Equal(0, silent.Count);
    }

    public void Dispose() => directory.Dispose();
}
