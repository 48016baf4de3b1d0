using ProcNetMon2.Analyze.Reports;
using Xunit;

namespace ProcNetMon2.Tests.Analyze;

public sealed class RadixSortTests
{
    [Theory]
    [InlineData(0, 1L << 20)]
    [InlineData(10, 1000)]
    [InlineData(64, 3)]
    [InlineData(3600, 1L << 30)]
    [InlineData(3601, 256)]
    [InlineData(5000, long.MaxValue)]
    [InlineData(20000, 1)]
    public void Sorts_as_Array_Sort_does(int length, long below)
    {
        var random = new Random(length);
        var values = Enumerable.Range(0, length).Select(_ => random.NextInt64(below)).ToArray();
        var expected = values.ToArray();
        Array.Sort(expected);

        RadixSort.Sort(values);

        Assert.Equal(expected, values);
    }

    [Fact]
    public void Negative_values_are_sorted_too()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 1000).Select(_ => random.NextInt64(long.MinValue, long.MaxValue)).ToArray();
        var expected = values.ToArray();
        Array.Sort(expected);

        RadixSort.Sort(values);

        Assert.Equal(expected, values);
    }
}
