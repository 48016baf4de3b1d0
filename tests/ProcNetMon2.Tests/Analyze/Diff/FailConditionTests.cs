using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Diff;

namespace ProcNetMon2.Tests.Analyze.Diff;

/// <summary>
/// Each --fail-if form tripping and holding on <see cref="DiffTestRecordings"/>: curl's avg_rate goes from 500 to
/// 1500 B/s (+200 %, p = 0.80), its retransmits from 0.5/s to 0, sshd is gone, nc is new with a new remote and user.
/// </summary>
public sealed class FailConditionTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();
    private DiffResult? diff;

    private DiffResult Diff => diff ??= DiffTestRecordings.Run(directory, DiffTestRecordings.Base(), DiffTestRecordings.New());

    private string? Check(string condition) => FailCondition.Parse(condition).Check(Diff);

    [Theory]
    [InlineData("avg_rate up 199%", true)]
    [InlineData("avg_rate up 200%", false)]   // more than: exactly +200 % holds
    [InlineData("avg_rate down 10%", false)]
    [InlineData("retransmits_per_s down 99%", true)]
    [InlineData("avg_rate up 999", true)]   // +1000 B/s
    [InlineData("avg_rate up 1K", false)]   // 1024 B/s
    [InlineData("avg_rate of curl up 100%", true)]
    [InlineData("avg_rate of sshd up 1%", false)]   // gone: no change to compare
    [InlineData("avg_rate of all up 150%", true)]   // 600 → 1550 B/s, +158 %
    [InlineData("avg_rate of all up 160%", false)]
    [InlineData("avg_rate up 100% significant", false)]   // p = 0.80
    [InlineData("new remote", true)]
    [InlineData("new program", true)]
    [InlineData("new user", true)]
    [InlineData("new app", false)]
    [InlineData("new group", true)]
    [InlineData("gone group", true)]
    public void Conditions_trip_exactly_when_they_hold(string condition, bool trips)
    {
        Assert.Equal(trips, Check(condition) is not null);
    }

    [Theory]
    [InlineData("new remote")]
    [InlineData("new app")]
    [InlineData("new program")]
    [InlineData("new user")]
    [InlineData("new group")]
    [InlineData("gone group")]
    [InlineData("avg_rate up 0%")]
    [InlineData("avg_rate down 0%")]
    public void Nothing_trips_when_nothing_changed(string condition)
    {
        var same = DiffTestRecordings.Run(directory, DiffTestRecordings.Base(), DiffTestRecordings.Base());

        Assert.Null(FailCondition.Parse(condition).Check(same));
    }

    [Fact]
    public void A_new_application_protocol_trips_new_app()
    {
        var after = DiffTestRecordings.New()
            .Socket(TrafficReportTests.Socket(3, 2) with { RemoteAddr = "10.9.9.9", RemotePort = 6379, App = "redis", Role = "client" })
            .Tx(1.5, 2, socketId: 3, bytes: 20);

        Assert.Equal("1 new app: redis", FailCondition.Parse("new app").Check(DiffTestRecordings.Run(directory, DiffTestRecordings.Base(), after)));
    }

    [Fact]
    public void A_tripped_change_says_which_group_and_by_how_much()
    {
        Assert.Equal("curl: avg_rate 500 B/s -> 1.5 KiB/s (~, p=0.8026)", Check("avg_rate up 100%"));
        Assert.Equal("1 new remote: 10.9.9.9:4444", Check("new remote"));
        Assert.Equal("1 group gone: sshd", Check("gone group"));
    }

    [Fact]
    public void A_significant_change_trips_a_significant_condition()
    {
        // Ten busy seconds at 100 B/s, then ten at 1000 B/s: every new interval outranks every base one.
        var before = new TestRecording().StoppedAt(10).Process(1, 10, "app");
        var after = new TestRecording().StoppedAt(10).Process(1, 11, "app");
        for (int second = 0; second < 10; second++)
        {
            before.Tx(second + 0.5, 1, socketId: 1, bytes: 100 + second);
            after.Tx(second + 0.5, 1, socketId: 1, bytes: 1000 + second);
        }
        var significant = DiffTestRecordings.Run(directory, before, after);

        Assert.NotNull(FailCondition.Parse("p95_rate of app up 10% significant").Check(significant));
        Assert.Null(FailCondition.Parse("p95_rate of app down 10% significant").Check(significant));
    }

    [Fact]
    public void A_rise_from_zero_is_more_than_any_percentage()
    {
        var before = new TestRecording().StoppedAt(2).Process(1, 10, "app").Socket(TrafficReportTests.Socket(1, 1)).Tx(0.5, 1, socketId: 1, bytes: 100);
        var after = new TestRecording().StoppedAt(2).Process(1, 11, "app").Socket(TrafficReportTests.Socket(1, 1) with { Retransmits = 3 }).Tx(0.5, 1, socketId: 1, bytes: 100);
        var fromZero = DiffTestRecordings.Run(directory, before, after);

        Assert.NotNull(FailCondition.Parse("retransmits_per_s up 1000%").Check(fromZero));
    }

    [Theory]
    [InlineData("")]
    [InlineData("avg_rate")]
    [InlineData("avg_rate up")]
    [InlineData("avg_rate sideways 10%")]
    [InlineData("avg_rate up ten%")]
    [InlineData("avg_rate of up 10%")]
    [InlineData("avg_rate up 10% significantly")]
    [InlineData("new planet")]
    [InlineData("gone remote")]
    public void Bad_syntax_is_refused_with_the_expected_forms(string condition)
    {
        var error = Assert.Throws<FormatException>(() => FailCondition.Parse(condition));
        Assert.Equal($"--fail-if: '{condition}' is not a condition; use {FailCondition.Syntax}", error.Message);
    }

    [Fact]
    public void An_unknown_metric_or_an_untested_significant_one_is_refused()
    {
        Assert.StartsWith("--fail-if: no metric 'total_bytes' (it needs --totals); metrics: avg_tx_rate,",
            Assert.Throws<UsageException>(() => Check("total_bytes up 5%")).Message);
        Assert.Equal("--fail-if: 'sockets up 5% significant': sockets has no significance test (only rates measured per interval do)",
            Assert.Throws<UsageException>(() => Check("sockets up 5% significant")).Message);
    }

    public void Dispose() => directory.Dispose();
}
