using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
            // The median of three values at random places (first, middle and last went round after round past the
            // values an earlier selection had left in order).
            long pivot = MedianOf(values[At(low, high, ref random)], values[At(low, high, ref random)], values[At(low, high, ref random)]);
            int lessEnd = MoveToFront(values, low, high, pivot, orEqual: false);
            if (index < lessEnd)
            {
                high = lessEnd - 1;
                continue;
            }
            // Equal values kept together: the many silent-looking equal rates of a series cost one round, not one each.
            int equalEnd = MoveToFront(values, lessEnd, high, pivot, orEqual: true);
            if (index < equalEnd)
                return pivot;
            low = equalEnd;
        }
        values[low..(high + 1)].Sort();
        return values[index];
    }

    /// <summary>
    /// Moves the values of [low, high] below <paramref name="pivot"/> (or equal to it, <paramref name="orEqual"/>) to the
    /// front of that range and returns where they end. Every value is swapped and the front advanced by the comparison's
    /// outcome, without a branch on it: the branches of a partition mispredicted on half the values of a series.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int MoveToFront(Span<long> values, int low, int high, long pivot, bool orEqual)
    {
        ref long start = ref MemoryMarshal.GetReference(values);
        int front = low;
        for (int i = low; i <= high; i++)
        {
            long value = Unsafe.Add(ref start, i);
            Unsafe.Add(ref start, i) = Unsafe.Add(ref start, front);
            Unsafe.Add(ref start, front) = value;
            front += (orEqual ? value <= pivot : value < pivot) ? 1 : 0;
        }
        return front;
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
    private static long MedianOf(long a, long b, long c) => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
}
