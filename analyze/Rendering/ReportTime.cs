using System.Globalization;

namespace ProcNetMon2.Analyze.Rendering;

/// <summary>ISO-8601 UTC timestamps, with a Z rather than +00:00.</summary>
internal static class ReportTime
{
    /// <summary>Every digit a DateTimeOffset holds (100 ns), for machine-readable output.</summary>
    public static string Precise(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Millisecond precision, for people.</summary>
    public static string Readable(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
