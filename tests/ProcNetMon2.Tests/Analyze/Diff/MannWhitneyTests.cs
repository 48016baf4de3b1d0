using ProcNetMon2.Analyze.Diff;

namespace ProcNetMon2.Tests.Analyze.Diff;

/// <summary>
/// The rank test against hand computation and SciPy 1.10's <c>scipy.stats.mannwhitneyu(x, y)</c> (defaults:
/// two-sided, method auto, continuity correction), whose results are quoted beside each case.
/// </summary>
public sealed class MannWhitneyTests
{
    [Fact]
    public void Small_samples_without_ties_use_the_exact_distribution()
    {
        // Ranks of x in the combined order: 16→3, 19→5, 22→7, 24→8, 29→9; sum 32, so U = 32 − 5·6/2 = 17.
        // U ≥ 17 of 20 mirrors U ≤ 3: 1 + 1 + 2 + 3 = 7 of the C(9,4) = 126 orders; two-sided 14/126.
        var result = MannWhitney.Test([19, 22, 16, 29, 24], [20, 11, 17, 12]);

        Assert.Equal(17, result.U);
        Assert.Equal(14.0 / 126, result.PValue, 12);   // scipy: 17.0, 0.1111111111111111
    }

    [Fact]
    public void Completely_separated_small_samples_have_the_smallest_exact_p()
    {
        // Only 1 of the C(7,3) = 35 orders puts all of x below y: two-sided 2/35.
        var result = MannWhitney.Test([1.1, 2.2, 3.3], [4.4, 5.5, 6.6, 7.7]);

        Assert.Equal(0, result.U);
        Assert.Equal(2.0 / 35, result.PValue, 12);   // scipy: 0.0, 0.05714285714285714
    }

    [Fact]
    public void Ties_use_the_normal_approximation_with_the_tie_correction()
    {
        var result = MannWhitney.Test([0, 0, 0, 5, 7, 7, 9, 12, 0, 3], [0, 4, 8, 8, 9, 15, 20, 0, 11, 13, 14, 16]);

        Assert.Equal(27.5, result.U);
        Assert.Equal(0.032922629527795205, result.PValue, 10);   // scipy
    }

    [Fact]
    public void The_tie_corrected_statistic_matches_a_hand_computation()
    {
        // Combined: 0 0 0 (ranks 1–3, 2 each), 1000 1000 (4.5 each), 3000 (6). x's rank sum 13, U = 13 − 10 = 3,
        // max(3, 8 − 3) = 5. Ties Σ(t³ − t) = 24 + 6 = 30, σ = √(8/12 · (7 − 30/30)) = 2, z = (5 − 4 − 0.5)/2 = 0.25,
        // p = 2 · (1 − Φ(0.25)) = 0.80259
        var result = MannWhitney.Test([1000, 1000, 0, 0], [3000, 0]);

        Assert.Equal(3, result.U);
        Assert.Equal(0.8025873486341526, result.PValue, 12);   // scipy: 3.0, 0.8025873486341526
    }

    [Fact]
    public void Larger_samples_without_ties_use_the_normal_approximation()
    {
        var odd = Enumerable.Range(0, 10).Select(i => 1.0 + 2 * i).ToArray();
        var even = Enumerable.Range(0, 11).Select(i => 2.0 + 2 * i).ToArray();

        var result = MannWhitney.Test(odd, even);

        Assert.Equal(45, result.U);
        Assert.Equal(0.5035147104262714, result.PValue, 10);   // scipy
    }

    [Fact]
    public void Identical_samples_are_not_different()
    {
        var result = MannWhitney.Test([3, 3, 3], [3, 3]);

        Assert.Equal(3, result.U);
        Assert.Equal(1, result.PValue);   // scipy: 3.0, 1.0
    }

    [Fact]
    public void A_weighted_sample_is_the_same_as_its_values_written_out()
    {
        var weighted = MannWhitney.Test(new WeightedSample([(0, 3), (5, 1), (7, 2)]), new WeightedSample([(0, 1), (8, 2), (4, 1)]));
        var written = MannWhitney.Test([0, 0, 0, 5, 7, 7], [0, 8, 8, 4]);

        Assert.Equal(written, weighted);
        var zeros = MannWhitney.Test(new IntervalRates(new long[] { 0, 5, 7, 7 }, 1, zeros: 2), new IntervalRates(new long[] { 4, 8, 8 }, 1, zeros: 1));
        Assert.Equal(written, zeros);
    }

    [Theory]
    [InlineData(0, 0, 1.0)]
    [InlineData(1, 5, 1.0)]
    [InlineData(200, 0, 1.0)]
    [InlineData(200, 7, 0.1)]
    [InlineData(5000, 3600, 10.0)]
    public void Interval_rates_are_the_same_sample_as_their_values_counted(int length, long zeros, double intervalSeconds)
    {
        var random = new Random(length + (int)zeros);
        // Few distinct values, zero among them or not, so that values repeat.
        var bytes = Enumerable.Range(0, length).Select(_ => (long)random.Next(zeros % 2 == 0 ? 0 : 1, 50)).Order().ToArray();

        var sample = WeightedSample.Of(new IntervalRates(bytes, intervalSeconds, zeros));

        var counted = new WeightedSample(bytes.Select(b => (b / intervalSeconds, 1L)).Append((0.0, zeros)));
        Assert.Equal(counted.Values, sample.Values);
        Assert.Equal(counted.Counts, sample.Counts);
        Assert.Equal(length + zeros, sample.Count);
        Assert.Equal(length + zeros, new IntervalRates(bytes, intervalSeconds, zeros).Count);
    }

    [Fact]
    public void An_empty_side_has_no_p_value()
    {
        Assert.True(double.IsNaN(MannWhitney.Test([], [1.0]).PValue));
    }
}
