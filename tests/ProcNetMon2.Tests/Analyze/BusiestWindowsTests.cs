using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Tests.Analyze;

/// <summary>Peaks.BusiestWindows: the largest windows of whole steps that do not overlap, worked out by hand.</summary>
public sealed class BusiestWindowsTests
{
    private static BinSeries Bins(params (long Bin, int Direction, long Bytes)[] traffic)
    {
        var bins = new BinSeries();
        foreach (var (bin, direction, bytes) in traffic)
            bins.Add(bin, direction, bytes);
        return bins;
    }

    [Fact]
    public void The_largest_windows_come_first_without_overlap_and_ties_go_to_the_earlier()
    {
        var bins = Bins((1, 0, 10), (2, 1, 10), (6, 0, 5), (7, 0, 15));
        // Windows of two bins move: from 0, 10; 1, 20; 2, 10; 5, 5; 6, 20; 7, 15. The two of 20 tie (the earlier first), and
        // every other window overlaps one of them: two windows, though three were asked for.
        var windows = Peaks.BusiestWindows(bins, steps: 2, count: 3, lastStart: 8);

        Assert.Equal([(1L, 10L, 10L), (6L, 20L, 0L)], windows);
    }

    [Fact]
    public void Windows_start_no_later_than_the_last_start_and_no_earlier_than_the_first_bin()
    {
        var bins = Bins((0, 0, 3), (9, 1, 4));
        var windows = Peaks.BusiestWindows(bins, steps: 3, count: 5, lastStart: 7);

        Assert.Equal([(7L, 0L, 4L), (0L, 3L, 0L)], windows);
    }

    [Fact]
    public void A_window_of_many_steps_over_few_busy_bins_starts_where_it_takes_in_the_most()
    {
        var bins = Bins((5, 0, 1), (40_000, 1, 2));
        // Windows of 36,000 bins starting at 0..5 hold bin 5; those starting at 4,001..14,000 (the last that fits) hold
        // bin 40,000. The earliest of the latter comes first, and every other window overlaps it.
        var windows = Peaks.BusiestWindows(bins, steps: 36_000, count: 5, lastStart: 14_000);

        Assert.Equal([(4_001L, 0L, 2L)], windows);
    }

    [Fact]
    public void No_traffic_is_no_window() =>
        Assert.Empty(Peaks.BusiestWindows(new BinSeries(), steps: 1, count: 5, lastStart: 10));
}
