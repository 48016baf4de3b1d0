using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Tests.Analyze;

public sealed class StableOrderTests
{
    [Fact]
    public void Indexes_go_by_the_comparison_and_equal_ones_keep_their_order()
    {
        long[] values = [5, 1, 5, 3, 1, 5];

        var order = StableOrder.Of(values.Length, (a, b) => values[a].CompareTo(values[b]));

        Assert.Equal([1, 4, 3, 0, 2, 5], order);
    }

    [Fact]
    public void No_indexes_give_an_empty_order() => Assert.Empty(StableOrder.Of(0, (_, _) => 0));
}
