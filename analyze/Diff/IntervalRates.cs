namespace ProcNetMon2.Analyze.Diff;

/// <summary>
/// Intervals' bytes in ascending order, as rates (bytes divided by the interval's seconds), and <paramref name="zeros"/>
/// silent intervals more, read as runs of equal rates.
/// </summary>
public struct IntervalRates(ReadOnlyMemory<long> ascendingBytes, double intervalSeconds, long zeros) : IAscendingRuns
{
    private int next;
    private bool zerosRead;

    public readonly long Count => ascendingBytes.Length + zeros;

    public bool Next(out double value, out long count)
    {
        var bytes = ascendingBytes.Span;
        if (!zerosRead)
        {
            // The silent intervals and the busy ones of a series with no bytes in that direction (a rate of 0) come first.
            zerosRead = true;
            count = zeros;
            while (next < bytes.Length && bytes[next] == 0)
                (next, count) = (next + 1, count + 1);
            value = 0;
            if (count > 0)
                return true;
        }
        if (next == bytes.Length)
        {
            (value, count) = (0, 0);
            return false;
        }
        value = bytes[next] / intervalSeconds;
        count = 0;
        while (next < bytes.Length && bytes[next] / intervalSeconds == value)
            (next, count) = (next + 1, count + 1);
        return true;
    }
}
