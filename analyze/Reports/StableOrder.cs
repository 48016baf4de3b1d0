namespace ProcNetMon2.Analyze.Reports;

/// <summary>
/// A stable sort by index: the indexes 0..count-1 ordered by a comparison, equal ones in index order. Used where LINQ's
/// OrderBy over value tuples would be compiled at run time for one call of a one-off process.
/// </summary>
internal static class StableOrder
{
    public static int[] Of(int count, Comparison<int> compare)
    {
        var order = new int[count];
        for (int i = 0; i < count; i++)
            order[i] = i;
        Array.Sort(order, (a, b) => compare(a, b) is var byValue and not 0 ? byValue : a.CompareTo(b));
        return order;
    }
}
