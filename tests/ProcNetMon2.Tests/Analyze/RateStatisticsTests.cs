using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Tests.Analyze;

public sealed class RateStatisticsTests
{
    [Fact]
    public void Percentiles_and_the_sorted_busy_intervals_agree_in_either_order()
    {
        var random = new Random(5);
        var group = new GroupTraffic(["g"]);
        var busy = new List<long>();
        for (int bin = 0; bin < 1_000; bin += 1 + random.Next(3))
        {
            long tx = random.Next(0, 5_000), rx = random.Next(1, 5_000);
            group.AddPayload(0, tx, 1, bin, bin);
            group.AddPayload(1, rx, 1, bin, bin);
            busy.Add(tx + rx);
        }
        var scan = new ScanResult([group], ["g"], new AnalysisWindow(0, 2_000 * 500_000_000L, 0, 2_000 * 500_000_000L), 500_000_000, busy.Count,
            new LossSummary(0, []));
        var sorted = busy.Order().ToList();
        long silent = 2_000 - busy.Count;
        double Expected(double percent)
        {
            long rank = Math.Max(1, (long)Math.Ceiling(percent / 100 * 2_000));
            return rank <= silent ? 0 : sorted[(int)(rank - silent - 1)] / 0.5;
        }

        var percentilesFirst = new RateStatistics(group, scan);
        var sortedFirst = new RateStatistics(group, scan);

        Assert.Equal([Expected(50), Expected(95), Expected(99), Expected(100)],
            new[] { 50.0, 95, 99, 100 }.Select(percentilesFirst.Percentile));
        Assert.Equal(sorted, percentilesFirst.SortedBusyTotals.ToArray());
        Assert.Equal(sorted, sortedFirst.SortedBusyTotals.ToArray());
        Assert.Equal([Expected(99), Expected(50), Expected(95)], new[] { 99.0, 50, 95 }.Select(sortedFirst.Percentile));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Percentiles_asked_in_any_order_are_the_ranks_of_the_sorted_intervals(int seed)
    {
        var random = new Random(seed);
        var group = new GroupTraffic(["g"]);
        var busy = new List<long>();
        for (int bin = 0; bin < 5_000; bin++)
        {
            // Few distinct values among many: equal totals straddle the ranks.
            long bytes = random.Next(4) == 0 ? random.Next(1, 1_000_000) : random.Next(1, 20);
            group.AddPayload(0, bytes, 1, bin, bin);
            busy.Add(bytes);
        }
        var scan = new ScanResult([group], ["g"], new AnalysisWindow(0, 5_000 * 1_000_000_000L, 0, 5_000 * 1_000_000_000L), 1_000_000_000,
            busy.Count, new LossSummary(0, []));
        var sorted = busy.Order().ToList();
        var statistics = new RateStatistics(group, scan);

        for (int ask = 0; ask < 40; ask++)
        {
            double percent = random.Next(5) == 0 ? random.Next(1, 101) : random.NextDouble() * 100;
            long rank = Math.Max(1, (long)Math.Ceiling(percent / 100 * busy.Count));
            Assert.Equal(sorted[(int)rank - 1], statistics.Percentile(percent));
        }
    }
}
