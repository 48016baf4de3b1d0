using ProcNetMon2.Analyze;

namespace ProcNetMon2.Tests.Analyze;

public sealed class IoTotalsTests
{
    [Fact]
    public void Nothing_added_has_no_first_or_last_time()
    {
        var totals = new IoTotals();

        Assert.Equal((0L, 0L, 0L, 0L), (totals.TxBytes, totals.RxBytes, totals.TxCalls, totals.RxCalls));
        Assert.Null(totals.FirstWallNs);
        Assert.Null(totals.LastWallNs);
    }

    [Fact]
    public void Adding_totals_sums_each_way_and_keeps_the_earliest_and_latest_times()
    {
        var early = new IoTotals();
        early.Add(0, 100, 1, wallNs: 50);
        early.Add(1, 30, 2, wallNs: 70);
        var late = new IoTotals();
        late.Add(0, 5, 1, wallNs: 90);
        var none = new IoTotals();

        late.Add(early);
        late.Add(none);

        Assert.Equal((105L, 30L, 2L, 2L), (late.TxBytes, late.RxBytes, late.TxCalls, late.RxCalls));
        Assert.Equal(50, late.FirstWallNs);
        Assert.Equal(90, late.LastWallNs);
    }

    [Fact]
    public void A_run_of_calls_adds_as_its_calls_one_by_one_would()
    {
        var oneByOne = new IoTotals();
        oneByOne.Add(1, 10, 1, wallNs: 200);
        oneByOne.Add(1, 20, 1, wallNs: 300);
        oneByOne.Add(1, 5, 1, wallNs: 400);
        var asRun = new IoTotals();

        asRun.Add(1, 35, 3, firstWallNs: 200, lastWallNs: 400);

        Assert.Equal((oneByOne.TxBytes, oneByOne.RxBytes, oneByOne.TxCalls, oneByOne.RxCalls, oneByOne.FirstWallNs, oneByOne.LastWallNs),
            (asRun.TxBytes, asRun.RxBytes, asRun.TxCalls, asRun.RxCalls, asRun.FirstWallNs, asRun.LastWallNs));
    }
}
