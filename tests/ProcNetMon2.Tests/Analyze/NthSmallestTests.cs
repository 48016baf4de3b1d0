using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Tests.Analyze;

public sealed class NthSmallestTests
{
    public static TheoryData<string> Shapes => new(["random", "few distinct", "all equal", "ascending", "descending", "organ pipe"]);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_rank_is_the_value_a_sort_puts_there(string shape)
    {
        foreach (int length in new[] { 1, 2, 15, 16, 17, 100, 3_600 })
        {
            var values = Values(shape, length, seed: length);
            var sorted = values.Order().ToArray();
            foreach (int index in Enumerable.Range(0, length).Where(i => length <= 100 || i % 37 == 0 || i >= length - 40))
            {
                var copy = values.ToArray();

                Assert.Equal(sorted[index], NthSmallest.Of(copy, index));
                Assert.Equal(sorted, copy.Order()); // a permutation is left
            }
        }
    }

    [Fact]
    public void Ranks_after_ranks_in_the_reordered_values_are_still_right()
    {
        var values = Values("random", 3_600, seed: 3);
        var sorted = values.Order().ToArray();

        foreach (int index in new[] { 1_799, 3_419, 3_563, 0, 3_599 })
            Assert.Equal(sorted[index], NthSmallest.Of(values, index));
    }

    [Fact]
    public void A_rank_outside_the_values_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NthSmallest.Of(new long[3], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => NthSmallest.Of(new long[3], -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => NthSmallest.Of([], 0));
    }

    private static long[] Values(string shape, int length, int seed)
    {
        var random = new Random(seed);
        return shape switch
        {
            "random" => Enumerable.Range(0, length).Select(_ => random.NextInt64(-1_000_000, 1_000_000)).ToArray(),
            "few distinct" => Enumerable.Range(0, length).Select(_ => (long)random.Next(3)).ToArray(),
            "all equal" => Enumerable.Repeat(42L, length).ToArray(),
            "ascending" => Enumerable.Range(0, length).Select(i => (long)i).ToArray(),
            "descending" => Enumerable.Range(0, length).Select(i => (long)(length - i)).ToArray(),
            _ => Enumerable.Range(0, length).Select(i => (long)Math.Min(i, length - i)).ToArray(),
        };
    }
}
