using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ProcNetMon2.Analyze;

/// <summary>
/// Bytes sent and received per time bin, stored in small pages allocated only where there was
/// traffic: a week of 100 ms bins costs nothing for the hours a group was silent. A page of one bin is
/// only as long as that bin needs, so a series of one bin (one per socket, over a whole window) stays small.
/// </summary>
public sealed class BinSeries
{
    private const int PageBits = 8;
    private const int PageBins = 1 << PageBits;

    private readonly Dictionary<long, long[]> pages = [];
    private long lastPageNumber = long.MinValue;
    private long[]? lastPage;

    // Per event: small enough to be inlined into the scan's loop; a change of page or a page too short is the rare path.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(long bin, int direction, long bytes)
    {
        int slot = 2 * (int)(bin & (PageBins - 1)) + direction;
        var page = lastPage;
        if (page is null || bin >> PageBits != lastPageNumber || slot >= page.Length)
            page = PageFor(bin >> PageBits, slot);
        page[slot] += bytes;
    }

    /// <summary>
    /// The page, made the last one used and long enough for <paramref name="slot"/>: a page's first bin gets a page just
    /// long enough, a second bin the whole page (growing by steps left a 20M-event scan twice the garbage of whole pages).
    /// </summary>
    private long[] PageFor(long pageNumber, int slot)
    {
        if (!pages.TryGetValue(pageNumber, out var page))
            pages.Add(pageNumber, page = []);
        if (slot >= page.Length)
        {
            Array.Resize(ref page, page.Length == 0 ? (slot | 1) + 1 : 2 * PageBins);
            pages[pageNumber] = page;
        }
        (lastPageNumber, lastPage) = (pageNumber, page);
        return page;
    }

    /// <summary>Bins with any traffic, in time order.</summary>
    public IEnumerable<(long Bin, long Tx, long Rx)> NonEmpty()
    {
        foreach (var (pageNumber, page) in pages.OrderBy(p => p.Key))
            for (int i = 0; 2 * i < page.Length; i++)
                if (page[2 * i] != 0 || page[2 * i + 1] != 0)
                    yield return ((pageNumber << PageBits) + i, page[2 * i], page[2 * i + 1]);
    }

    /// <summary>
    /// The bytes (tx + rx) of each bin with any traffic, in no particular order, and the most bytes one bin sent and
    /// received (0 when there are none): what a group's rate statistics need, without the bins' order or numbers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long[] BusyTotals(out long peakTx, out long peakRx)
    {
        // Counted first, so that the array is made once at its size (a diff keeps each group's while the other side is scanned).
        int busy = 0;
        foreach (var page in pages.Values)
            for (int slot = 0; slot + 1 < page.Length; slot += 2)
                busy += page[slot] != 0 || page[slot + 1] != 0 ? 1 : 0;
        var totals = new long[busy];
        int count = 0;
        (peakTx, peakRx) = (long.MinValue, long.MinValue);
        foreach (var page in pages.Values)
            for (int slot = 0; slot + 1 < page.Length; slot += 2)
            {
                long tx = page[slot], rx = page[slot + 1];
                if (tx == 0 && rx == 0)
                    continue;
                totals[count++] = tx + rx;
                peakTx = Math.Max(peakTx, tx);
                peakRx = Math.Max(peakRx, rx);
            }
        if (count == 0)
            (peakTx, peakRx) = (0, 0);
        return totals;
    }

    /// <summary>Bytes sent and received in bins [<paramref name="fromBin"/>, <paramref name="toBin"/>).</summary>
    public long BytesIn(long fromBin, long toBin)
    {
        long bytes = 0;
        for (long bin = fromBin; bin < toBin; bin++)
        {
            int slot = 2 * (int)(bin & (PageBins - 1));
            if (pages.TryGetValue(bin >> PageBits, out var page) && slot < page.Length)
                bytes += page[slot] + page[slot + 1];
        }
        return bytes;
    }

    /// <summary>Adds another series, page by page.</summary>
    public void AddAll(BinSeries other)
    {
        foreach (var (pageNumber, page) in other.pages)
        {
            if (page.Length == 0)
                continue;
            if (!pages.TryGetValue(pageNumber, out var mine))
                pages.Add(pageNumber, mine = []);
            if (mine.Length < page.Length)
            {
                Array.Resize(ref mine, page.Length);
                pages[pageNumber] = mine;
            }
            AddInto(mine, page);
        }
        lastPage = null;
    }

    /// <summary>Adds <paramref name="source"/> to the start of <paramref name="target"/>, a vector at a time (a page adds every bin's bytes of a group to another's, the page's peaks those of every group).</summary>
    private static void AddInto(Span<long> target, ReadOnlySpan<long> source)
    {
        var targetVectors = MemoryMarshal.Cast<long, Vector<long>>(target[..source.Length]);
        var sourceVectors = MemoryMarshal.Cast<long, Vector<long>>(source);
        for (int i = 0; i < sourceVectors.Length; i++)
            targetVectors[i] += sourceVectors[i];
        for (int slot = sourceVectors.Length * Vector<long>.Count; slot < source.Length; slot++)
            target[slot] += source[slot];
    }
}
