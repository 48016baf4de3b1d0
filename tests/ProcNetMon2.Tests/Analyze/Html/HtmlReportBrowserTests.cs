using System.Text.Json;
using System.Text.Json.Nodes;

namespace ProcNetMon2.Tests.Analyze.Html;

/// <summary>
/// `pnm report --format html` opened in real headless Chromium with no network: it loads without errors or requests,
/// draws its charts, and shows the same groups and figures as `pnm report --format json`.
/// </summary>
public sealed class HtmlReportBrowserTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    private async Task<(string Html, JsonElement Json)> ReportAsync(params string[] options)
    {
        string recording = GoldenRecording.Create().WriteTo(directory.File("golden.db"));
        string html = directory.File("report.html");
        var page = await PnmRun.Of(["report", recording, .. options, "--format", "html", "-o", html]);
        Assert.True(page.Code == 0, page.Error);
        var json = await PnmRun.Of(["report", recording, .. options, "--format", "json"]);
        Assert.True(json.Code == 0, json.Error);
        return (html, JsonDocument.Parse(json.Output).RootElement);
    }

    [Fact]
    public async Task The_page_loads_offline_without_errors_and_draws_its_charts()
    {
        var (html, json) = await ReportAsync();
        await using var chromium = await HeadlessChromium.StartAsync();

        var load = await chromium.LoadAsync(html);

        Assert.Empty(load.Errors);
        // The file itself is the only thing it asks for.
        Assert.Equal([new Uri(html).AbsoluteUri], load.Requests);
        var drawn = await chromium.EvaluateAsync("""
            ['timeline', 'protocols-chart'].map(id => {
              const svg = document.querySelector('#' + id + ' svg');
              const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
              return { paths: svg ? svg.querySelectorAll('path').length : 0, width: box.width, height: box.height };
            })
            """);
        foreach (var chart in drawn.AsArray())
        {
            Assert.True(chart!["paths"]!.GetValue<int>() > 5, $"a chart drew almost nothing: {chart.ToJsonString()}");
            Assert.True(chart["width"]!.GetValue<double>() > 100 && chart["height"]!.GetValue<double>() > 100, chart.ToJsonString());
        }
        var legend = (await chromium.EvaluateAsync("[...document.querySelectorAll('#timeline svg text')].map(t => t.textContent)"))
            .AsArray().Select(t => (string)t!).ToList();
        // A group's name is its key, a dash for a value it lacks (traffic of a process the recording never named).
        foreach (var row in json.GetProperty("rows").EnumerateArray())
            Assert.Contains($"{Text(row.GetProperty("pid"))} {Text(row.GetProperty("comm"))}", legend);
        Assert.Contains("lost events", legend);
        Assert.Contains("peak windows", legend);
    }

    [Fact]
    public async Task The_group_table_holds_the_figures_of_the_json_report()
    {
        var (html, json) = await ReportAsync("--sort", "rx_bytes");
        await using var chromium = await HeadlessChromium.StartAsync();
        Assert.Empty((await chromium.LoadAsync(html)).Errors);

        await PageTable.AssertEqualsJsonAsync(chromium, "groups", json.GetProperty("rows"));
    }

    [Fact]
    public async Task Clicking_a_column_sorts_the_table_and_the_filter_box_filters_the_connections()
    {
        var (html, json) = await ReportAsync();
        await using var chromium = await HeadlessChromium.StartAsync();
        Assert.Empty((await chromium.LoadAsync(html)).Errors);

        var sorted = await chromium.EvaluateAsync("""
            (() => {
              document.querySelector('#groups th[data-column="comm"]').click();
              const ascending = [...document.querySelectorAll('#groups tbody tr')].map(tr => tr.children[1].dataset.value);
              document.querySelector('#groups th[data-column="comm"]').click();
              const descending = [...document.querySelectorAll('#groups tbody tr')].map(tr => tr.children[1].dataset.value);
              return { ascending, descending };
            })()
            """);
        // Groups without a value sort last either way (their cells are empty).
        var comms = json.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("comm").GetString()).ToList();
        var named = comms.OfType<string>().ToList();
        var unnamed = comms.Where(c => c is null).Select(_ => "");
        Assert.Equal(named.Order(StringComparer.Ordinal).Concat(unnamed), sorted["ascending"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(named.OrderDescending(StringComparer.Ordinal).Concat(unnamed), sorted["descending"]!.AsArray().Select(v => (string)v!));

        var filtered = await chromium.EvaluateAsync("""
            (() => {
              const box = document.getElementById('connections-filter');
              const count = () => document.querySelectorAll('#connections tbody tr').length;
              const all = count();
              box.value = 'sshd';
              box.dispatchEvent(new Event('input'));
              const comms = [...document.querySelectorAll('#connections tbody tr')].map(tr => tr.children[3].dataset.value);
              return { all, comms };
            })()
            """);
        var connections = await PnmRun.Of("connections", directory.File("golden.db"), "--format", "json");
        var connectionRows = JsonDocument.Parse(connections.Output).RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(connectionRows.Count, filtered["all"]!.GetValue<int>());
        Assert.Equal(connectionRows.Select(r => r.GetProperty("comm").GetString()).Where(c => c == "sshd"),
            filtered["comms"]!.AsArray().Select(v => (string?)v));
    }

    [Fact]
    public async Task A_recording_without_traffic_gives_a_page_that_says_so_without_errors()
    {
        string recording = new TestRecording().StoppedAt(4).WriteTo(directory.File("empty.db")), html = directory.File("empty.html");
        var run = await PnmRun.Of("report", recording, "--format", "html", "-o", html);
        Assert.True(run.Code == 0, run.Error);
        await using var chromium = await HeadlessChromium.StartAsync();

        var load = await chromium.LoadAsync(html);

        Assert.Empty(load.Errors);
        var page = await chromium.EvaluateAsync("""
            ({ summary: document.getElementById('summary').textContent, rows: document.querySelectorAll('#groups tbody tr').length })
            """);
        Assert.Contains("Events0", (string)page["summary"]!);
        Assert.Equal(0, page["rows"]!.GetValue<int>());
    }

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.Null ? "-" : value.ToString();

    public void Dispose() => directory.Dispose();
}
