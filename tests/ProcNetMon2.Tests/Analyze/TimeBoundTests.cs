using ProcNetMon2.Analyze;

namespace ProcNetMon2.Tests.Analyze;

public sealed class TimeBoundTests
{
    private const long Start = 1_000_000_000_000_000_000, End = Start + 3_600_000_000_000;
    private static readonly TimeZoneInfo PlusTwo = TimeZoneInfo.CreateCustomTimeZone("test+2", TimeSpan.FromHours(2), "test+2", "test+2");

    private static long Resolve(string text, TimeZoneInfo? zone = null)
    {
        Assert.True(TimeBound.TryParse(text, zone ?? TimeZoneInfo.Utc, Duration, out var bound), text);
        return bound!.Resolve(Start, End);
    }

    private static TimeSpan? Duration(string text) => text switch
    {
        "30s" => TimeSpan.FromSeconds(30),
        "5m" => TimeSpan.FromMinutes(5),
        _ => null,
    };

    private static long Ns(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks * 100;

    [Fact]
    public void Relative_bounds_count_from_the_start_or_back_from_the_end()
    {
        Assert.Equal(Start + 30_000_000_000, Resolve("+30s"));
        Assert.Equal(End - 300_000_000_000, Resolve("-5m"));
    }

    [Theory]
    [InlineData("2026-11-26T10:00:00Z")]
    [InlineData("2026-11-26T11:00:00+01:00")]
    [InlineData("2026-11-26 10:00")]
    [InlineData("2026-11-26T10:00:00.000")]
    public void Absolute_times_without_an_offset_are_utc_by_default(string text) =>
        Assert.Equal(Ns(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero)), Resolve(text));

    [Fact]
    public void Absolute_times_without_an_offset_follow_the_zone_asked_for()
    {
        Assert.Equal(Ns(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero)), Resolve("2026-11-26 10:00", PlusTwo));
        Assert.Equal(Ns(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero)), Resolve("2026-11-26T10:00Z", PlusTwo));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("+")]
    [InlineData("+forever")]
    [InlineData("10:00")]
    [InlineData("2026-13-01")]
    public void Anything_else_is_not_a_time(string text) =>
        Assert.False(TimeBound.TryParse(text, TimeZoneInfo.Utc, Duration, out _));
}
