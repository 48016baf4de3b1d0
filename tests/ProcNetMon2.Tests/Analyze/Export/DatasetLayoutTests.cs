using ProcNetMon2.Analyze.Export.Dataset;

namespace ProcNetMon2.Tests.Analyze.Export;

/// <summary>Partition folders: host names that cannot leave their folder or hide it, UTC dates, unpadded hours.</summary>
public sealed class DatasetLayoutTests
{
    [Theory]
    [InlineData("web-1.example.com", "web-1.example.com")]
    [InlineData("db_2", "db_2")]
    [InlineData("../etc", "%2E.%2Fetc")]
    [InlineData(".hidden", "%2Ehidden")]
    [InlineData("_spark", "%5Fspark")]
    [InlineData("a=b/c d", "a%3Db%2Fc%20d")]
    [InlineData("hôte", "h%C3%B4te")]
    public void Host_names_are_escaped_as_hive_does(string host, string escaped) => Assert.Equal(escaped, DatasetLayout.Escape(host));

    [Fact]
    public void Events_go_by_host_date_and_hour_other_tables_by_host_and_date()
    {
        var utc = new DateTime(2026, 12, 1, 4, 59, 59, DateTimeKind.Utc);

        Assert.Equal(Path.Combine("events", "host=web-1", "date=2026-12-01", "hour=4"), DatasetLayout.Partition(DatasetLayout.Events, "web-1", utc, withHour: true));
        Assert.Equal(Path.Combine("sockets", "host=web-1", "date=2026-12-01"), DatasetLayout.Partition(DatasetLayout.Sockets, "web-1", utc, withHour: false));
    }
}
