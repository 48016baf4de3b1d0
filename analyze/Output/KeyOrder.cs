namespace ProcNetMon2.Analyze;

/// <summary>Orders group keys value by value (nulls first, numbers by value, text ordinally), so ties print the same way every time.</summary>
internal sealed class KeyOrder : IComparer<IReadOnlyList<object?>>
{
    public static readonly KeyOrder Instance = new();

    public int Compare(IReadOnlyList<object?>? x, IReadOnlyList<object?>? y)
    {
        if (x is null || y is null)
            return (x is null ? 0 : 1) - (y is null ? 0 : 1);
        for (int i = 0; i < Math.Min(x.Count, y.Count); i++)
        {
            int order = CompareValues(x[i], y[i]);
            if (order != 0)
                return order;
        }
        return x.Count.CompareTo(y.Count);
    }

    public static int CompareValues(object? x, object? y) => (x, y) switch
    {
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        (long a, long b) => a.CompareTo(b),
        (string a, string b) => string.CompareOrdinal(a, b),
        (IComparable a, _) when a.GetType() == y.GetType() => a.CompareTo(y),
        _ => Convert.ToDouble(x, System.Globalization.CultureInfo.InvariantCulture)
            .CompareTo(Convert.ToDouble(y, System.Globalization.CultureInfo.InvariantCulture)),
    };
}
