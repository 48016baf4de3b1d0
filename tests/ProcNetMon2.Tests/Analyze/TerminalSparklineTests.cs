using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Rendering;

namespace ProcNetMon2.Tests.Analyze;

/// <summary>The per-group sparklines `pnm timeline` prints on a terminal: widths, zero, one group and many.</summary>
public sealed class TerminalSparklineTests
{
    [Fact]
    public void Values_that_fit_get_a_character_each_scaled_to_the_largest()
    {
        Assert.Equal("▁▂▃▄▅▆▇█", TerminalSparklines.Of([1, 2, 3, 4, 5, 6, 7, 8], width: 20));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(48)]
    public void More_values_than_the_width_fill_exactly_the_width(int width)
    {
        var values = Enumerable.Range(1, 3600).Select(i => (double)(i % 17)).ToList();

        Assert.Equal(width, TerminalSparklines.Of(values, width).Length);
    }

    [Fact]
    public void Each_character_is_the_busiest_of_the_values_it_covers()
    {
        // Two characters of four values each: a single burst in the second half shows there in full.
        Assert.Equal("▁█", TerminalSparklines.Of([1, 0, 0, 1, 0, 8, 0, 0], width: 2));
    }

    [Fact]
    public void Silence_is_blank_and_a_small_but_real_value_is_never_blank()
    {
        Assert.Equal("    ", TerminalSparklines.Of([0, 0, 0, 0], width: 10));
        Assert.Equal("▁ █", TerminalSparklines.Of([0.001, 0, 1000], width: 10));
        Assert.Equal("", TerminalSparklines.Of([], width: 10));
        Assert.Equal(" ", TerminalSparklines.Of([double.NaN], width: 10));
    }

    [Fact]
    public void One_group_without_a_grouping_is_all_traffic()
    {
        var timeline = Timeline([], [("x", [0, 50, 100])]);

        var table = TerminalSparklines.Table(timeline)!;

        Assert.Equal(["group", "peak_rate", "rate_over_time"], table.Columns.Select(c => c.Name));
        var row = Assert.Single(table.Rows);
        Assert.Equal("all traffic", row[0]);
        Assert.Equal(100.0, row[1]);
        Assert.Equal(" ▄█", row[2]);
    }

    [Fact]
    public void Many_groups_get_a_row_each_in_the_timelines_order_each_against_its_own_peak()
    {
        var groups = Enumerable.Range(1, 12).Select(g => ($"p{g}", Enumerable.Range(0, 100).Select(i => (double)(i == g ? 10 * g : g)).ToArray())).ToArray();

        var table = TerminalSparklines.Table(Timeline(["comm"], groups), width: 20)!;

        Assert.Equal(["comm", "peak_rate", "rate_over_time"], table.Columns.Select(c => c.Name));
        Assert.Equal(groups.Select(g => g.Item1), table.Rows.Select(r => (string)r[0]!));
        Assert.Equal(groups.Select(g => g.Item2.Max()), table.Rows.Select(r => (double)r[1]!));
        Assert.All(table.Rows, r => Assert.Equal(20, ((string)r[2]!).Length));
        Assert.All(table.Rows, r => Assert.Equal(1, ((string)r[2]!).Count(c => c == '█')));
    }

    [Fact]
    public void A_table_that_is_not_a_timeline_gets_no_sparklines()
    {
        Assert.Null(TerminalSparklines.Table(new ResultTable([new("comm", ColumnKind.Text), new("total_bytes", ColumnKind.Bytes)], [["curl", 1L]])));
    }

    /// <summary>A timeline table as `pnm timeline` makes it: interval by interval, one row per group, rates split tx and rx.</summary>
    private static ResultTable Timeline(string[] keyColumns, (string Name, double[] Rates)[] groups)
    {
        var columns = new List<ResultColumn> { new("time", ColumnKind.Time) };
        columns.AddRange(keyColumns.Select(c => new ResultColumn(c, ColumnKind.Text)));
        columns.AddRange([new("tx_bytes", ColumnKind.Bytes), new("rx_bytes", ColumnKind.Bytes), new("tx_rate", ColumnKind.Rate), new("rx_rate", ColumnKind.Rate)]);
        var rows = new List<object?[]>();
        for (int interval = 0; interval < groups[0].Rates.Length; interval++)
            foreach (var (name, rates) in groups)
                rows.Add([(long)interval * 1_000_000_000, .. keyColumns.Length == 0 ? Array.Empty<object?>() : [name],
                    (long)rates[interval], 0L, rates[interval] * 0.75, rates[interval] * 0.25]);
        return new ResultTable(columns, rows);
    }
}
