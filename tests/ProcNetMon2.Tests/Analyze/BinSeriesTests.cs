using ProcNetMon2.Analyze;

namespace ProcNetMon2.Tests.Analyze;

public sealed class BinSeriesTests
{
    [Fact]
    public void Bins_of_one_page_and_of_several_read_back_in_time_order()
    {
        var series = new BinSeries();
        series.Add(300, 0, 5);  // a page's one bin, far into the page
        series.Add(3, 1, 7);    // another page's first bin, then more of it
        series.Add(0, 0, 1);
        series.Add(255, 1, 2);
        series.Add(3, 0, 4);
        series.Add(300, 1, 6);

        Assert.Equal([(0L, 1L, 0L), (3L, 4L, 7L), (255L, 0L, 2L), (300L, 5L, 6L)], series.NonEmpty());
        Assert.Equal(13, series.BytesIn(3, 256));
        Assert.Equal(11, series.BytesIn(256, 1000));
        Assert.Equal(0, series.BytesIn(301, 600));
    }

    [Fact]
    public void Adding_a_series_adds_bin_by_bin_whatever_length_each_page_has()
    {
        var one = new BinSeries();
        one.Add(10, 0, 1);
        var other = new BinSeries();
        other.Add(2, 1, 3);
        other.Add(200, 0, 4);
        other.Add(10, 0, 5);

        one.AddAll(other);
        one.Add(10, 1, 9); // after adding, the last page used is looked up again

        Assert.Equal([(2L, 0L, 3L), (10L, 6L, 9L), (200L, 4L, 0L)], one.NonEmpty());
    }

    [Fact]
    public void Adding_random_series_of_whole_pages_and_short_ones_sums_every_bin()
    {
        var random = new Random(11);
        var sum = new BinSeries();
        var expected = new Dictionary<long, (long Tx, long Rx)>();
        for (int series = 0; series < 6; series++)
        {
            var other = new BinSeries();
            // Dense runs fill whole pages, lone bins leave a page of one bin; some pages only one of the two series has.
            int bins = random.Next(1, 2000);
            for (int i = 0; i < bins; i++)
            {
                long bin = random.Next(4) == 0 ? random.Next(-600, 3000) : series * 97 + i;
                int direction = random.Next(2);
                long bytes = random.Next(1, 1000);
                other.Add(bin, direction, bytes);
                var (tx, rx) = expected.GetValueOrDefault(bin);
                expected[bin] = direction == 0 ? (tx + bytes, rx) : (tx, rx + bytes);
            }
            sum.AddAll(other);
        }

        Assert.Equal(expected.OrderBy(b => b.Key).Select(b => (b.Key, b.Value.Tx, b.Value.Rx)), sum.NonEmpty());
    }

    [Fact]
    public void Busy_totals_are_the_non_empty_bins_sums_and_the_peaks_their_largest_sides()
    {
        var series = new BinSeries();
        series.Add(300, 0, 5);
        series.Add(3, 1, 7);
        series.Add(3, 0, 4);
        series.Add(255, 1, 2);
        series.Add(9, 0, 0); // a bin touched with nothing is not busy

        var totals = series.BusyTotals(out long peakTx, out long peakRx);

        Assert.Equal(series.NonEmpty().Select(b => b.Tx + b.Rx).Order(), totals.Order());
        Assert.Equal(5, peakTx);
        Assert.Equal(7, peakRx);
        Assert.Empty(new BinSeries().BusyTotals(out peakTx, out peakRx));
        Assert.Equal((0, 0), (peakTx, peakRx));
    }
}
