using System.Numerics;

namespace ProcNetMon2.Analyze.Diff;

/// <summary>The outcome of a two-sided Mann-Whitney U test: U of the first sample, and the p-value.</summary>
public sealed record RankTestResult(double U, double PValue);

/// <summary>
/// A sample as its distinct values in ascending order with how often each occurs: a week of one-second
/// rates is mostly silent seconds, which is one value (0) counted many times rather than an array of zeros.
/// </summary>
public sealed class WeightedSample
{
    private readonly double[] values;
    private readonly long[] counts;

    public IReadOnlyList<double> Values => values;
    public IReadOnlyList<long> Counts => counts;
    public long Count { get; }

    public WeightedSample(IEnumerable<(double Value, long Count)> values)
    {
        var merged = values.Where(v => v.Count > 0).GroupBy(v => v.Value).Select(g => (g.Key, Count: g.Sum(v => v.Count))).OrderBy(v => v.Key).ToList();
        this.values = merged.Select(v => v.Key).ToArray();
        counts = merged.Select(v => v.Count).ToArray();
        Count = counts.Sum();
    }

    private WeightedSample(double[] values, long[] counts)
    {
        this.values = values;
        this.counts = counts;
        Count = counts.Sum();
    }

    public static WeightedSample Of(IEnumerable<double> values) => new(values.Select(v => (v, 1L)));

    /// <summary>Every run of <paramref name="runs"/>, in one pass.</summary>
    public static WeightedSample Of<TRuns>(TRuns runs) where TRuns : struct, IAscendingRuns
    {
        var values = new List<double>();
        var counts = new List<long>();
        while (runs.Next(out double value, out long count))
        {
            values.Add(value);
            counts.Add(count);
        }
        return new WeightedSample([.. values], [.. counts]);
    }

    /// <summary>This sample's runs, to read once.</summary>
    public Runs Read() => new(this);

    public struct Runs(WeightedSample sample) : IAscendingRuns
    {
        private int next;

        public readonly long Count => sample.Count;

        public bool Next(out double value, out long count)
        {
            if (next == sample.values.Length)
            {
                (value, count) = (0, 0);
                return false;
            }
            (value, count) = (sample.values[next], sample.counts[next]);
            next++;
            return true;
        }
    }
}

/// <summary>
/// The Mann-Whitney U rank test (Wilcoxon rank-sum), two-sided, as SciPy's <c>mannwhitneyu</c> computes it
/// by default: the exact distribution of U when one sample has at most 8 values and there are no ties,
/// else the normal approximation with the tie correction and a continuity correction of 1/2.
/// </summary>
public static class MannWhitney
{
    private const int ExactLimit = 8;
    private const long ExactCellLimit = 1_000_000;

    public static RankTestResult Test(IReadOnlyList<double> x, IReadOnlyList<double> y) => Test(WeightedSample.Of(x), WeightedSample.Of(y));

    public static RankTestResult Test(WeightedSample x, WeightedSample y) => Test(x.Read(), y.Read());

    /// <summary>Not a number when either sample is empty: there is nothing to compare.</summary>
    public static RankTestResult Test<TX, TY>(TX x, TY y) where TX : struct, IAscendingRuns where TY : struct, IAscendingRuns
    {
        long n1 = x.Count, n2 = y.Count;
        if (n1 == 0 || n2 == 0)
            return new RankTestResult(double.NaN, double.NaN);
        var (rankSumX, tieTerm) = RankSum(ref x, ref y);
        double u1 = rankSumX - n1 * (n1 + 1) / 2.0;
        double u = Math.Max(u1, (double)n1 * n2 - u1);
        double p = tieTerm == 0 && Math.Min(n1, n2) <= ExactLimit && n1 * n2 <= ExactCellLimit
            ? ExactUpperTail((long)Math.Round(u), (int)Math.Min(n1, n2), (int)Math.Max(n1, n2))
            : NormalUpperTail(u, n1, n2, tieTerm);
        return new RankTestResult(u1, Math.Clamp(2 * p, 0, 1));
    }

    /// <summary>The sum of the first sample's ranks (ties get their average rank), and Σ(t³ − t) over the tie groups.</summary>
    private static (double RankSumX, double TieTerm) RankSum<TX, TY>(ref TX x, ref TY y) where TX : struct, IAscendingRuns where TY : struct, IAscendingRuns
    {
        double rankSum = 0, tieTerm = 0, below = 0;
        bool moreX = x.Next(out double xValue, out long xCount), moreY = y.Next(out double yValue, out long yCount);
        while (moreX || moreY)
        {
            double value = !moreY || moreX && xValue <= yValue ? xValue : yValue;
            long inX = 0, inY = 0;
            if (moreX && xValue == value)
            {
                inX = xCount;
                moreX = x.Next(out xValue, out xCount);
            }
            if (moreY && yValue == value)
            {
                inY = yCount;
                moreY = y.Next(out yValue, out yCount);
            }
            double tied = inX + inY;
            rankSum += (below + (tied + 1) / 2) * inX;
            tieTerm += tied * tied * tied - tied;
            below += tied;
        }
        return (rankSum, tieTerm);
    }

    private static double NormalUpperTail(double u, long n1, long n2, double tieTerm)
    {
        double n = n1 + n2;
        double sigma = Math.Sqrt(n1 * (double)n2 / 12 * (n + 1 - tieTerm / (n * (n - 1))));
        double z = (u - n1 * (double)n2 / 2 - 0.5) / sigma;
        return double.IsNaN(z) ? 1 : NormalDistribution.UpperTail(z);
    }

    /// <summary>
    /// P(U ≥ u) under the null hypothesis. The number of arrangements with each U is a coefficient of
    /// the Gaussian binomial [m+n choose m]_q = Π_{i=1..m} (1 − q^(n+i)) / (1 − q^i), counted exactly.
    /// </summary>
    private static double ExactUpperTail(long u, int m, int n)
    {
        int degree = m * n;
        var counts = new BigInteger[degree + 1];
        counts[0] = BigInteger.One;
        for (int i = 1; i <= m; i++)
        {
            for (int k = degree; k >= n + i; k--)
                counts[k] -= counts[k - n - i];
            for (int k = i; k <= degree; k++)
                counts[k] += counts[k - i];
        }
        BigInteger total = BigInteger.Zero, tail = BigInteger.Zero;
        for (int k = 0; k <= degree; k++)
        {
            total += counts[k];
            if (k >= u)
                tail += counts[k];
        }
        return Math.Exp(BigInteger.Log(tail) - BigInteger.Log(total));
    }
}

/// <summary>The standard normal distribution's upper tail.</summary>
internal static class NormalDistribution
{
    /// <summary>P(Z ≥ z) = erfc(z / √2) / 2.</summary>
    public static double UpperTail(double z) => Erfc(z / Math.Sqrt(2)) / 2;

    /// <summary>The complementary error function by Chebyshev approximation (Numerical Recipes, 3rd ed., §6.2.2), about 1e-16 relative error.</summary>
    private static double Erfc(double x)
    {
        double z = Math.Abs(x);
        double t = 2 / (2 + z);
        double ty = 4 * t - 2;
        double d = 0, dd = 0;
        for (int j = ErfcCoefficients.Length - 1; j > 0; j--)
        {
            double previous = d;
            d = ty * d - dd + ErfcCoefficients[j];
            dd = previous;
        }
        double result = t * Math.Exp(-z * z + 0.5 * (ErfcCoefficients[0] + ty * d) - dd);
        return x >= 0 ? result : 2 - result;
    }

    private static readonly double[] ErfcCoefficients =
    [
        -1.3026537197817094, 6.4196979235649026e-1, 1.9476473204185836e-2, -9.561514786808631e-3, -9.46595344482036e-4,
        3.66839497852761e-4, 4.2523324806907e-5, -2.0278578112534e-5, -1.624290004647e-6, 1.303655835580e-6,
        1.5626441722e-8, -8.5238095915e-8, 6.529054439e-9, 5.059343495e-9, -9.91364156e-10, -2.27365122e-10,
        9.6467911e-11, 2.394038e-12, -6.886027e-12, 8.94487e-13, 3.13092e-13, -1.12708e-13, 3.81e-16, 7.106e-15,
        -1.523e-15, -9.4e-17, 1.21e-16, -2.8e-17,
    ];
}
