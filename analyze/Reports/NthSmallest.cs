using System.Runtime.CompilerServices;

namespace ProcNetMon2.Analyze.Reports;

/// <summary>
/// The value of a given rank without sorting everything (quickselect): a percentile of each group's per-interval
/// rates needs one value, and sorting every group's thousands of intervals was most of a report's time after its scan.
/// </summary>
public static class NthSmallest
{
    private const int SmallRange = 16;

    /// <summary>
    /// The value that would be at <paramref name="index"/> if <paramref name="values"/> were sorted ascending. Reorders
    /// <paramref name="values"/> (a permutation of them is left); falls back to a sort of what is left when the pivots keep
    /// choosing badly, so it never costs more than a sort.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside <paramref name="values"/>.</exception>
    // Jitted fully optimized: its precompiled code, calls through stubs included, took three times as long.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long Of(Span<long> values, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, values.Length);
        int low = 0, high = values.Length - 1;
        ulong random = 0x9E3779B97F4A7C15UL ^ (ulong)values.Length;
        int roundsLeft = 2 * (64 - (int)ulong.LeadingZeroCount((ulong)values.Length));
        while (high - low >= SmallRange)
        {
            if (roundsLeft-- == 0)
                break;
            var (lessEnd, greaterStart) = Partition(values, low, high, ref random);
            if (index < lessEnd)
                high = lessEnd - 1;
            else if (index >= greaterStart)
                low = greaterStart;
            else
                return values[index];
        }
        values[low..(high + 1)].Sort();
        return values[index];
    }

    /// <summary>
    /// Three-way partition of [low, high] around the median of three values at random places (first, middle and last
    /// went round after round past the values an earlier selection had left in order): on return values below
    /// the pivot are in [low, lessEnd), equal ones in [lessEnd, greaterStart), greater ones in [greaterStart, high].
    /// Equal values kept together: the many silent-looking equal rates of a series cost one round, not one each.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int LessEnd, int GreaterStart) Partition(Span<long> values, int low, int high, ref ulong random)
    {
        long pivot = MedianOf(values[At(low, high, ref random)], values[At(low, high, ref random)], values[At(low, high, ref random)]);
        int lessEnd = low, i = low, greaterStart = high + 1;
        while (i < greaterStart)
        {
            long value = values[i];
            if (value < pivot)
                Swap(values, lessEnd++, i++);
            else if (value > pivot)
                Swap(values, --greaterStart, i);
            else
                i++;
        }
        return (lessEnd, greaterStart);
    }

    /// <summary>A place in [low, high] from a xorshift sequence: the same for the same values every time, so a report is repeatable in time too.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int At(int low, int high, ref ulong random)
    {
        random ^= random << 13;
        random ^= random >> 7;
        random ^= random << 17;
        return low + (int)(random % (ulong)(high - low + 1));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Swap(Span<long> values, int a, int b) => (values[a], values[b]) = (values[b], values[a]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long MedianOf(long a, long b, long c) => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
}
