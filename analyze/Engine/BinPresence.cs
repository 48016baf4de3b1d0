using System.Numerics;
using System.Runtime.CompilerServices;

namespace ProcNetMon2.Analyze;

/// <summary>
/// Which time bins had any traffic, without their bytes: a bit per bin, in pages allocated only where there was traffic.
/// What a group's active time needs (the protocol mix's), at a fraction of a <see cref="BinSeries"/>'s cost per event:
/// events come in time order, so nearly every one falls in the bin marked last and only compares.
/// </summary>
public sealed class BinPresence
{
    private const int PageBits = 12;
    private const int PageBins = 1 << PageBits;

    private readonly Dictionary<long, ulong[]> pages = [];
    private long lastPageNumber = long.MinValue, lastBin = long.MinValue;
    private ulong[]? lastPage;

    /// <summary>Marks <paramref name="bin"/> when <paramref name="bytes"/> moved: a zero-byte event marks nothing, as a series' empty bin counts as inactive.</summary>
    // Per event: inlined into the scan's loop, where it is two comparisons; marking a new bin is the rare path.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Mark(long bin, long bytes)
    {
        if (bytes != 0 && bin != lastBin)
            MarkNew(bin);
    }

    private void MarkNew(long bin)
    {
        lastBin = bin;
        var page = lastPage;
        if (page is null || bin >> PageBits != lastPageNumber)
            page = PageFor(bin >> PageBits);
        int index = (int)(bin & (PageBins - 1));
        page[index >> 6] |= 1UL << index; // the shift takes the index's low six bits: its bit in the word
    }

    private ulong[] PageFor(long pageNumber)
    {
        if (!pages.TryGetValue(pageNumber, out var page))
            pages.Add(pageNumber, page = new ulong[PageBins / 64]);
        (lastPageNumber, lastPage) = (pageNumber, page);
        return page;
    }

    /// <summary>How many bins had traffic.</summary>
    public long Count
    {
        get
        {
            long count = 0;
            foreach (var page in pages.Values)
                foreach (ulong word in page)
                    count += BitOperations.PopCount(word);
            return count;
        }
    }

    /// <summary>Adds the bins another presence marked.</summary>
    public void AddAll(BinPresence other)
    {
        foreach (var (pageNumber, page) in other.pages)
        {
            if (!pages.TryGetValue(pageNumber, out var mine))
            {
                pages.Add(pageNumber, (ulong[])page.Clone());
                continue;
            }
            for (int word = 0; word < page.Length; word++)
                mine[word] |= page[word];
        }
    }
}
