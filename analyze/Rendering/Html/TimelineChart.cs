using System.Text.Json;
using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Analyze.Rendering.Html;

/// <summary>
/// A timeline as charts want it: one rate series per group, named by its key (<see cref="GroupLabel"/>), with the first
/// interval's start in milliseconds since the epoch and the interval's length; the rates `pnm timeline` prints.
/// </summary>
internal static class TimelineChart
{
    public static void Write(Utf8JsonWriter writer, TimelineSeries timeline)
    {
        writer.WriteNumber("start_ms", Milliseconds(timeline.Window.StartWallNs));
        // One interval has no next one to measure from: the chart's point then spans the window.
        writer.WriteNumber("interval_ms", timeline.Groups.Count > 0 && timeline.Intervals > 1 ? timeline.IntervalNs / 1e6 : timeline.Window.Seconds * 1000);
        writer.WriteStartArray("series");
        foreach (var group in timeline.Groups)
        {
            writer.WriteStartObject();
            writer.WriteString("label", GroupLabel.Of(group.Key));
            WriteRates(writer, "tx_rate", timeline, group.Tx);
            WriteRates(writer, "rx_rate", timeline, group.Rx);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    public static double Milliseconds(long wallNs) => wallNs / 1e6;

    private static void WriteRates(Utf8JsonWriter writer, string name, TimelineSeries timeline, long[] bytes)
    {
        writer.WriteStartArray(name);
        foreach (long value in bytes)
            WriteRate(writer, timeline.Rate(value));
        writer.WriteEndArray();
    }

    /// <summary>
    /// A whole rate below 10^15 (every rate at a 1 s interval) is written as the integer it is, which is the text the
    /// writer gives the double too, in a fraction of the time: a page has ten groups' rates each way per interval.
    /// </summary>
    internal static void WriteRate(Utf8JsonWriter writer, double rate)
    {
        if (rate == Math.Floor(rate) && Math.Abs(rate) < 1e15 && !double.IsNegative(rate))
            writer.WriteNumberValue((long)rate);
        else
            writer.WriteNumberValue(rate);
    }
}
