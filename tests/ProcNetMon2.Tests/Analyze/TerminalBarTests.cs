using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Rendering;

namespace ProcNetMon2.Tests.Analyze;

/// <summary>The bars a table gets on a terminal: exact widths, eighths, zero, one group and many.</summary>
public sealed class TerminalBarTests
{
    [Theory]
    [InlineData(0.0, 10, "          ")]
    [InlineData(1.0, 10, "██████████")]
    [InlineData(0.5, 10, "█████     ")]
    [InlineData(0.5, 1, "▌")]
    [InlineData(0.0625, 2, "▏ ")]
    [InlineData(0.3, 1, "▎")]
    [InlineData(0.95, 3, "██▉")] // 22.8 eighths round to 23
    public void A_fraction_fills_its_share_of_the_width_to_an_eighth(double fraction, int width, string expected)
    {
        Assert.Equal(expected, new TerminalBar(fraction, width).Text);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(10)]
    [InlineData(20)]
    public void Every_bar_is_exactly_its_width(int width)
    {
        for (int i = 0; i <= 100; i++)
            Assert.Equal(width, new TerminalBar(i / 100.0, width).Text.Length);
    }

    [Theory]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    public void Nothing_or_nonsense_is_blank(double fraction)
    {
        Assert.Equal("     ", new TerminalBar(fraction, 5).Text);
    }

    [Fact]
    public void More_than_everything_is_a_full_bar()
    {
        Assert.Equal("█████", new TerminalBar(1.7, 5).Text);
    }

    [Fact]
    public void A_tiny_but_real_value_shows_an_eighth()
    {
        Assert.Equal("▏         ", new TerminalBar(0.0001, 10).Text);
    }

    [Fact]
    public void One_group_has_the_whole_share()
    {
        var table = TerminalBarColumn.Share.AddTo(Table(("curl", 1234)));

        Assert.Equal(["comm", "total_bytes", "share", "sockets"], table.Columns.Select(c => c.Name));
        Assert.Equal(new string('█', 10), ((TerminalBar)table.Rows[0][2]!).Text);
    }

    [Fact]
    public void Shares_of_many_groups_add_up_to_the_whole_and_keep_their_order()
    {
        var groups = Enumerable.Range(1, 40).Select(i => ($"p{i}", (long)(41 - i) * 1000)).ToArray();

        var table = TerminalBarColumn.Share.AddTo(Table(groups));

        var bars = table.Rows.Select(r => (TerminalBar)r[2]!).ToList();
        Assert.Equal(1.0, bars.Sum(b => b.Fraction), precision: 12);
        Assert.Equal(40.0 / 820, bars[0].Fraction, precision: 12);
        Assert.True(bars.Zip(bars.Skip(1)).All(p => p.First.CompareTo(p.Second) >= 0));
        Assert.All(bars, b => Assert.Equal(10, b.Text.Length));
    }

    [Fact]
    public void Groups_that_moved_nothing_get_blank_bars_without_dividing_by_zero()
    {
        var table = TerminalBarColumn.Share.AddTo(Table(("a", 0), ("b", 0)));

        Assert.All(table.Rows, r => Assert.Equal(new string(' ', 10), ((TerminalBar)r[2]!).Text));
    }

    [Fact]
    public void Timeline_bars_are_against_the_busiest_row_and_come_last()
    {
        var columns = new List<ResultColumn> { new("comm", ColumnKind.Text), new("tx_rate", ColumnKind.Rate), new("rx_rate", ColumnKind.Rate) };
        var table = new ResultTable(columns, [["a", 100.0, 100.0], ["b", 50.0, 0.0], ["a", 0.0, 0.0]]);

        var barred = TerminalBarColumn.Rate.AddTo(table);

        Assert.Equal("rate_bar", barred.Columns[^1].Name);
        Assert.Equal([1.0, 0.25, 0.0], barred.Rows.Select(r => ((TerminalBar)r[^1]!).Fraction));
        Assert.Equal(new string('█', 5) + new string(' ', 15), ((TerminalBar)barred.Rows[1][^1]!).Text);
    }

    [Fact]
    public void A_table_without_the_figure_gets_no_bars()
    {
        var table = new ResultTable([new("comm", ColumnKind.Text)], [["curl"]]);

        Assert.Same(table, TerminalBarColumn.Share.AddTo(table));
        Assert.Same(table, TerminalBarColumn.Rate.AddTo(table));
    }

    [Fact]
    public void An_empty_table_gets_the_column_and_no_rows()
    {
        var table = TerminalBarColumn.Share.AddTo(Table());

        Assert.Contains(table.Columns, c => c.Name == "share");
        Assert.Empty(table.Rows);
    }

    private static ResultTable Table(params (string Comm, long Bytes)[] groups) => new(
        [new("comm", ColumnKind.Text), new("total_bytes", ColumnKind.Bytes), new("sockets", ColumnKind.Integer)],
        groups.Select(g => new object?[] { g.Comm, g.Bytes, 1L }).ToList());
}
