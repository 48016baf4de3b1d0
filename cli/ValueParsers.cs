using System.CommandLine.Parsing;
using System.Globalization;

namespace ProcNetMon2.Cli;

/// <summary>Parses flag values like 10s, 500ms, 2m, 1h (durations) and 4K, 8M, 1G (sizes).</summary>
public static class ValueParsers
{
    public static TimeSpan? Duration(ArgumentResult result)
    {
        string text = result.Tokens.Single().Value;
        if (TryDuration(text, out var value) && value > TimeSpan.Zero)
            return value;
        result.AddError($"'{text}' is not a duration: use e.g. 500ms, 10s, 5m or 1h");
        return null;
    }

    public static bool TryDuration(string text, out TimeSpan value)
    {
        (string number, double scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 1e-3),
            _ when text.EndsWith('s') => (text[..^1], 1),
            _ when text.EndsWith('m') => (text[..^1], 60),
            _ when text.EndsWith('h') => (text[..^1], 3600),
            _ => (text, 1),
        };
        value = default;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double amount)
            || !double.IsFinite(amount) || Math.Abs(amount * scale) > TimeSpan.MaxValue.TotalSeconds)
            return false;
        value = TimeSpan.FromSeconds(amount * scale);
        return true;
    }

    public static uint RingSize(ArgumentResult result)
    {
        string text = result.Tokens.Single().Value;
        (string number, ulong scale) = text.ToUpperInvariant() switch
        {
            var t when t.EndsWith('K') => (t[..^1], 1UL << 10),
            var t when t.EndsWith('M') => (t[..^1], 1UL << 20),
            var t when t.EndsWith('G') => (t[..^1], 1UL << 30),
            var t => (t, 1UL),
        };
        if (ulong.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out ulong amount)
            && amount <= (1UL << 30) / scale // checked before multiplying: a huge amount must not wrap around to a valid size
            && amount * scale is var bytes and >= 4096 && ulong.IsPow2(bytes))
            return (uint)bytes;
        result.AddError($"'{text}' is not a ring size: use a power of two from 4K to 1G, e.g. 8M");
        return 0;
    }

    /// <summary>A positive size in bytes: 500K, 100M, 2G, 1T or a bare number of bytes.</summary>
    public static long? ByteSize(ArgumentResult result)
    {
        string text = result.Tokens.Single().Value;
        (string number, long scale) = text.ToUpperInvariant() switch
        {
            var t when t.EndsWith('K') => (t[..^1], 1L << 10),
            var t when t.EndsWith('M') => (t[..^1], 1L << 20),
            var t when t.EndsWith('G') => (t[..^1], 1L << 30),
            var t when t.EndsWith('T') => (t[..^1], 1L << 40),
            var t => (t, 1L),
        };
        if (long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out long amount)
            && amount > 0 && amount <= long.MaxValue / scale)
            return amount * scale;
        result.AddError($"'{text}' is not a size: use e.g. 500K, 100M or 2G");
        return null;
    }
}
