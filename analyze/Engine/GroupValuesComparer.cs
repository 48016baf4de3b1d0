namespace ProcNetMon2.Analyze;

/// <summary>
/// Two groups' values (one per key column) are the same group when each value equals the other's: compared as they
/// are, not as a text made of them per lookup (a scan looks up a group for each of thousands of pairs).
/// </summary>
internal sealed class GroupValuesComparer : IEqualityComparer<object?[]>
{
    public static readonly GroupValuesComparer Instance = new();

    public bool Equals(object?[]? x, object?[]? y)
    {
        if (ReferenceEquals(x, y))
            return true;
        if (x is null || y is null || x.Length != y.Length)
            return false;
        for (int i = 0; i < x.Length; i++)
            if (!object.Equals(x[i], y[i]))
                return false;
        return true;
    }

    public int GetHashCode(object?[] values)
    {
        var hash = new HashCode();
        foreach (var value in values)
            hash.Add(value);
        return hash.ToHashCode();
    }
}
