using System.Text.Json;
using ProcNetMon2.Tests.Analyze.Diff;

namespace ProcNetMon2.Tests.Analyze.Html;

/// <summary>
/// `pnm diff --format html` in real headless Chromium with no network: both timelines drawn over each other, a bar per
/// changed group coloured by significance, and the table of `pnm diff --format json`.
/// </summary>
public sealed class DiffHtmlBrowserTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    [Fact]
    public async Task The_diff_page_loads_offline_and_shows_what_the_json_diff_says()
    {
        string basePath = DiffTestRecordings.Base().WriteTo(directory.File("base.db"));
        string newPath = DiffTestRecordings.New().WriteTo(directory.File("new.db"));
        string html = directory.File("diff.html");
        var page = await PnmRun.Of("diff", basePath, newPath, "--format", "html", "-o", html);
        Assert.True(page.Code == 0, page.Error);
        var json = await PnmRun.Of("diff", basePath, newPath, "--format", "json");
        var rows = JsonDocument.Parse(json.Output).RootElement.GetProperty("rows");
        await using var chromium = await HeadlessChromium.StartAsync();

        var load = await chromium.LoadAsync(html);

        Assert.Empty(load.Errors);
        Assert.Equal([new Uri(html).AbsoluteUri], load.Requests);
        var drawn = await chromium.EvaluateAsync("""
            ({ legend: [...document.querySelectorAll('#timelines svg text')].map(t => t.textContent),
               lines: document.querySelectorAll('#timelines svg path').length,
               bars: [...document.querySelectorAll('#changes-chart svg path')].map(p => p.getAttribute('fill')).filter(f => f && f.startsWith('#')),
               labels: [...document.querySelectorAll('#changes-chart svg text')].map(t => t.textContent) })
            """);
        var legend = drawn["legend"]!.AsArray().Select(t => (string)t!).ToList();
        foreach (string series in new[] { "base sent", "base received", "new sent", "new received" })
            Assert.Contains(series, legend);
        Assert.True(drawn["lines"]!.GetValue<int>() >= 4);
        // One bar per group with a change, coloured: red or green when significant, grey when not, yellow new, blue gone.
        var groups = rows.EnumerateArray().Where(r => r.GetProperty("status").GetString() != "all" && r.GetProperty("avg_rate_delta").ValueKind != JsonValueKind.Null).ToList();
        var colours = drawn["bars"]!.AsArray().Select(c => (string)c!).ToList();
        var expected = groups.Select(r => Colour(r)).ToList();
        Assert.True(expected.All(colours.Contains), $"bars {string.Join(",", colours)}, expected {string.Join(",", expected)}");
        var labels = drawn["labels"]!.AsArray().Select(t => (string)t!).ToList();
        foreach (var group in groups)
            Assert.Contains(group.GetProperty("comm").GetString() ?? "-", labels);
        await PageTable.AssertEqualsJsonAsync(chromium, "diff", rows);
    }

    private static string Colour(JsonElement row) => (row.GetProperty("status").GetString(), row.GetProperty("avg_rate_change").GetString()) switch
    {
        ("new", _) => "#d9a400",
        ("gone", _) => "#3a6fd8",
        (_, "~" or "=" or null) => "#b0b0b0",
        _ => row.GetProperty("avg_rate_delta").GetDouble() > 0 ? "#d33" : "#2a9d4b",
    };

    public void Dispose() => directory.Dispose();
}
