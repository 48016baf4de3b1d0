namespace ProcNetMon2.Tests.Schema;

/// <summary>A windowed read of a SQLite recording's time series selects the rows reaching into the window, and loses none an analysis counts.</summary>
public sealed class SqliteSeriesRangeTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    [Theory]
    [InlineData(10.0, 20.0)]
    [InlineData(10.5, 10.75)]
    [InlineData(-5.0, 0.5)]
    [InlineData(99.5, 200.0)]
    [InlineData(200.0, 300.0)]
    public void A_window_reads_only_rows_reaching_into_it_and_every_row_an_analysis_counts(double from, double to)
    {
        var recording = new TestRecording().Process(1, 100, "a").Tx(1, 1, 1, 10);
        for (int second = 0; second < 100; second++)
        {
            recording.Loss(second, 1 + second).Flow(second + 0.25, 1, Direction.Tx, 2, 100 + second).Incident(second + 0.5, 1)
                .FlushWindow(second, second % 3).Summarized(second + 0.75, 1, 1, Direction.Rx, 1000 + second, 3, lengthSeconds: 0.5);
        }
        using var source = recording.Open(directory);
        long fromNs = TestRecording.At(from), toNs = TestRecording.At(to);
        bool Contains(long ns) => ns >= fromNs && ns < toNs;
        bool Overlaps(long start, long end) => end > fromNs && start < toNs;

        var whole = source.ReadSeries(long.MinValue, long.MaxValue);
        var window = source.ReadSeries(fromNs, toNs);

        // The rules WindowSeries counts each kind by, over the recording's clock.
        Assert.Equal(whole.Losses.Where(l => Overlaps(l.WindowStartNs, l.WindowStartNs + LossRecord.WindowNs)),
            window.Losses.Where(l => Overlaps(l.WindowStartNs, l.WindowStartNs + LossRecord.WindowNs)));
        Assert.Equal(whole.PacketFlows.Where(f => Contains(f.WindowStartNs)), window.PacketFlows.Where(f => Contains(f.WindowStartNs)));
        Assert.Equal(whole.TcpIncidents.Where(i => Contains(i.TimestampNs)), window.TcpIncidents.Where(i => Contains(i.TimestampNs)));
        Assert.Equal(whole.FlowLossWindows.Where(s => Overlaps(s.WindowStartNs, s.WindowEndNs)),
            window.FlowLossWindows.Where(s => Overlaps(s.WindowStartNs, s.WindowEndNs)));
        Assert.Equal(whole.SummarizedIo.Where(s => Contains(s.WindowStartNs)), window.SummarizedIo.Where(s => Contains(s.WindowStartNs)));
        Assert.True(window.KeepsTcpIncidents);
        // Selected, not read whole: at most the rows of the window's seconds and the one before and after.
        int seconds = (int)Math.Ceiling(Math.Min(to, 100) - Math.Max(from, 0)) + 2;
        foreach (int rows in new[] { window.Losses.Count, window.PacketFlows.Count, window.TcpIncidents.Count, window.SummarizedIo.Count })
            Assert.InRange(rows, 0, Math.Max(0, seconds));
        Assert.Equal(100, whole.Losses.Count);
    }

    public void Dispose() => directory.Dispose();
}
