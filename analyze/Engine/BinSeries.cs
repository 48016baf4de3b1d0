using System.Runtime.CompilerServices;

namespace ProcNetMon2.Analyze;

/// <summary>
/// Bytes sent and received per time bin, stored in small pages allocated only where there was
/// traffic: a week of 100 ms bins costs nothing for the hours a group was silent.
/// </summary>
public sealed class BinSeries
{
    private const int PageBits = 8;
    private const int PageBins = 1 << PageBits;

    private readonly Dictionary<long, long[]> pages = [];
    private long lastPageNumber = long.MinValue;
    private long[]? lastPage;

    // Per event: jitted fully optimized rather than run from ReadyToRun code (see TrafficScan's EventAggregator.Add).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(long bin, int direction, long bytes)
    {
        long pageNumber = bin >> PageBits;
        if (pageNumber != lastPageNumber || lastPage is null)
        {
            if (!pages.TryGetValue(pageNumber, out lastPage))
                pages.Add(pageNumber, lastPage = new long[2 * PageBins]);
            lastPageNumber = pageNumber;
        }
        lastPage[2 * (int)(bin & (PageBins - 1)) + direction] += bytes;
    }

    /// <summary>Bins with any traffic, in time order.</summary>
    public IEnumerable<(long Bin, long Tx, long Rx)> NonEmpty()
    {
        foreach (var (pageNumber, page) in pages.OrderBy(p => p.Key))
            for (int i = 0; i < PageBins; i++)
                if (page[2 * i] != 0 || page[2 * i + 1] != 0)
                    yield return ((pageNumber << PageBits) + i, page[2 * i], page[2 * i + 1]);
    }

    public void AddAll(BinSeries other)
    {
        foreach (var (bin, tx, rx) in other.NonEmpty())
        {
            Add(bin, 0, tx);
            Add(bin, 1, rx);
        }
    }
}
