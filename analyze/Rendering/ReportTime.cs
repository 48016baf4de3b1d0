using System.Globalization;

namespace ProcNetMon2.Analyze.Rendering;

/// <summary>ISO-8601 timestamps: UTC with a Z, or local with its offset.</summary>
public static class ReportTime
{
    public static DateTimeOffset FromWallNs(long wallNs) => DateTimeOffset.UnixEpoch.AddTicks(wallNs / 100);

    /// <summary>Every digit a DateTimeOffset holds (100 ns), for machine-readable output.</summary>
    public static string Precise(long wallNs, TimeZoneInfo zone) => Format(wallNs, zone, "fffffff");

    /// <summary>Millisecond precision, for people.</summary>
    public static string Readable(long wallNs, TimeZoneInfo zone) => Format(wallNs, zone, "fff");

    private static string Format(long wallNs, TimeZoneInfo zone, string fraction)
    {
        var time = FromWallNs(wallNs);
        if (zone == TimeZoneInfo.Utc)
            return time.UtcDateTime.ToString($"yyyy-MM-dd'T'HH:mm:ss.{fraction}'Z'", CultureInfo.InvariantCulture);
        return TimeZoneInfo.ConvertTime(time, zone).ToString($"yyyy-MM-dd'T'HH:mm:ss.{fraction}zzz", CultureInfo.InvariantCulture);
    }
}
