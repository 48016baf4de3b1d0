using System.Text.Json;
using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Reports;
using ProcNetMon2.Analyze.Rendering.Html;

namespace ProcNetMon2.Tests.Analyze.Html;

/// <summary>A timeline's series as the pages' charts get them: a label and a rate per interval for each group.</summary>
public sealed class TimelineChartTests
{
    private const long Start = 1_700_000_000_000_000_000;

    private static JsonElement Chart(TimelineSeries timeline)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            TimelineChart.Write(writer, timeline);
            writer.WriteEndObject();
        }
        return JsonDocument.Parse(buffer.WrittenMemory).RootElement;
    }

    private static TimelineSeries Series(long intervalNs, long intervals, params TimelineGroup[] groups) =>
        new(groups, new AnalysisWindow(Start, Start + intervals * intervalNs, Start, Start + intervals * intervalNs), intervalNs, intervals,
            groups.Length, new LossSummary(0, []));

    [Fact]
    public void Each_group_is_a_labelled_rate_series_from_the_window_start()
    {
        var chart = Chart(Series(500_000_000, 3,
            new TimelineGroup([100L, "curl"], [10, 0, 5], [0, 20, 0]), new TimelineGroup([null, "-"], [1, 1, 1], [0, 0, 0])));

        Assert.Equal(Start / 1e6, chart.GetProperty("start_ms").GetDouble());
        Assert.Equal(500.0, chart.GetProperty("interval_ms").GetDouble());
        var series = chart.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(["100 curl", "- -"], series.Select(s => s.GetProperty("label").GetString()));
        Assert.Equal([20.0, 0.0, 10.0], series[0].GetProperty("tx_rate").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal([0.0, 40.0, 0.0], series[0].GetProperty("rx_rate").EnumerateArray().Select(v => v.GetDouble()));
    }

    [Fact]
    public void One_interval_spans_the_window()
    {
        var timeline = Series(10_000_000_000, 1, new TimelineGroup([1L], [7], [0])) with
        {
            Window = new AnalysisWindow(Start, Start + 4_000_000_000, Start, Start + 4_000_000_000),
        };

        Assert.Equal(4000.0, Chart(timeline).GetProperty("interval_ms").GetDouble());
    }

    [Fact]
    public void No_group_is_no_series()
    {
        var chart = Chart(Series(1_000_000_000, 2));

        Assert.Equal(0, chart.GetProperty("series").GetArrayLength());
        Assert.Equal(Start / 1e6, chart.GetProperty("start_ms").GetDouble());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(123_456_789.0)]
    [InlineData(999_999_999_999_999.0)]
    [InlineData(1e15)]
    [InlineData(3.5e17)]
    [InlineData(12.5)]
    [InlineData(0.1)]
    [InlineData(30.000000000000004)]
    public void A_rate_is_written_as_the_text_the_writer_gives_its_double(double rate)
    {
        static string Written(Action<Utf8JsonWriter> write)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
                write(writer);
            return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        }

        Assert.Equal(Written(writer => writer.WriteNumberValue(rate)), Written(writer => TimelineChart.WriteRate(writer, rate)));
    }
}
