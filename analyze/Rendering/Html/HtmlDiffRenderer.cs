using System.Text.Json;
using ProcNetMon2.Analyze.Diff;

namespace ProcNetMon2.Analyze.Rendering.Html;

/// <summary>
/// `pnm diff --format html`: one self-contained page (<see cref="HtmlPage"/>): both sides' summaries, their timelines
/// overlaid from each side's start, each group's change of the first shown metric as a bar (significant changes
/// marked), the diff's table and what is new since the base; the figures are those `--format json` prints.
/// </summary>
public sealed class HtmlDiffRenderer(TimeZoneInfo zone)
{
    /// <summary>Writes the page to <paramref name="output"/> as UTF-8.</summary>
    public void Render(DiffPage page, Stream output)
    {
        var diff = page.Report.Diff;
        string title = $"pnm diff: {HtmlPage.Hosts(diff.Base.Recordings.Select(r => r.Host))} and {HtmlPage.Hosts(diff.New.Recordings.Select(r => r.Host))}";
        HtmlPage.Write(output, "diff", title, writer => WriteData(writer, page));
    }

    private void WriteData(Utf8JsonWriter writer, DiffPage page)
    {
        var diff = page.Report.Diff;
        var json = new JsonReportRenderer(zone);
        writer.WriteString("compared", diff.Options.Totals ? "totals" : "rates");
        writer.WriteNumber("interval_seconds", diff.Options.Interval.TotalSeconds);
        writer.WriteNumber("alpha", diff.Options.Alpha);
        writer.WriteString("metric", diff.Shown[0].Name);
        writer.WriteStartArray("key_columns");
        foreach (string column in diff.KeyColumns)
            writer.WriteStringValue(column);
        writer.WriteEndArray();
        HtmlPage.WriteSummary(writer, json, "base", diff.Base);
        HtmlPage.WriteSummary(writer, json, "new", diff.New);
        writer.WriteStartArray("warnings");
        foreach (string warning in diff.Warnings)
            writer.WriteStringValue(warning);
        writer.WriteEndArray();
        HtmlPage.WriteTable(writer, json, "diff", page.Report.Table);
        diff.NewSinceBase.WriteJson(writer);
        foreach (var (name, timeline) in new[] { ("base_timeline", page.BaseTimeline), ("new_timeline", page.NewTimeline) })
        {
            writer.WriteStartObject(name);
            TimelineChart.Write(writer, timeline);
            writer.WriteEndObject();
        }
    }
}
