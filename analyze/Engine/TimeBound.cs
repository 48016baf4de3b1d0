using System.Globalization;

namespace ProcNetMon2.Analyze;

/// <summary>
/// A --since or --until value: an absolute time, or an offset from the selected recordings' start
/// (<c>+30s</c>) or end (<c>-5m</c>).
/// </summary>
public abstract record TimeBound
{
    private TimeBound()
    {
    }

    public sealed record Absolute(DateTimeOffset Time) : TimeBound;
    public sealed record AfterStart(TimeSpan Offset) : TimeBound;
    public sealed record BeforeEnd(TimeSpan Offset) : TimeBound;

    /// <summary>Nanoseconds since the Unix epoch.</summary>
    public long Resolve(long spanStartWallNs, long spanEndWallNs) => this switch
    {
        Absolute a => (a.Time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100,
        AfterStart s => spanStartWallNs + s.Offset.Ticks * 100,
        BeforeEnd e => spanEndWallNs - e.Offset.Ticks * 100,
        _ => throw new InvalidOperationException(),
    };

    private static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd HH:mmK", "yyyy-MM-ddK",
    ];

    /// <param name="durationParser">Parses the offset of a relative bound, e.g. 30s or 5m.</param>
    /// <param name="zone">How a time without an offset is read: the zone the output is shown in.</param>
    public static bool TryParse(string text, TimeZoneInfo zone, Func<string, TimeSpan?> durationParser, out TimeBound? bound)
    {
        bound = null;
        if (text.Length > 1 && text[0] is '+' or '-')
        {
            if (durationParser(text[1..]) is not { } offset || offset < TimeSpan.Zero)
                return false;
            bound = text[0] == '+' ? new AfterStart(offset) : new BeforeEnd(offset);
            return true;
        }
        if (!DateTime.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var parsed))
            return false;
        bound = new Absolute(parsed.Kind switch
        {
            DateTimeKind.Utc => new DateTimeOffset(parsed, TimeSpan.Zero),
            DateTimeKind.Local => new DateTimeOffset(parsed),
            _ => new DateTimeOffset(parsed, zone.GetUtcOffset(parsed)),
        });
        return true;
    }
}
