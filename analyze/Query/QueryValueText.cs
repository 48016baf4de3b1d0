using System.Globalization;

namespace ProcNetMon2.Analyze.Query;

/// <summary>A query value as text: exact numbers, a BLOB as lowercase hex, NULL as nothing.</summary>
internal static class QueryValueText
{
    public static string Of(object? value) => value switch
    {
        null => "",
        long integer => integer.ToString(CultureInfo.InvariantCulture),
        double real => real.ToString("R", CultureInfo.InvariantCulture),
        string text => text,
        byte[] blob => Convert.ToHexStringLower(blob),
        _ => throw new ArgumentException($"not a SQLite value: {value.GetType().Name}", nameof(value)),
    };
}
