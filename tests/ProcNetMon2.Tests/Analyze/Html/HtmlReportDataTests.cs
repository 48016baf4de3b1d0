using System.Text.Json;

namespace ProcNetMon2.Tests.Analyze.Html;

/// <summary>
/// The data inside `pnm report --format html` is each command's own `--format json` answer: the page's parts against
/// `pnm timeline`, `protocols`, `peaks` and `connections` run on the same recording.
/// </summary>
public sealed class HtmlReportDataTests : IDisposable
{
    private const string DataStart = "<script type=\"application/json\" id=\"pnm-data\">";
    private readonly TemporaryDirectory directory = new();

    private static async Task<JsonElement> JsonOf(params string[] args)
    {
        var run = await PnmRun.Of([.. args, "--format", "json"]);
        Assert.True(run.Code == 0, run.Error);
        return JsonDocument.Parse(run.Output).RootElement;
    }

    [Fact]
    public async Task Every_part_of_the_page_is_what_its_command_prints_as_json()
    {
        string recording = GoldenRecording.Create().WriteTo(directory.File("golden.db")), html = directory.File("report.html");
        var run = await PnmRun.Of("report", recording, "--format", "html", "-o", html);
        Assert.True(run.Code == 0, run.Error);
        string text = await File.ReadAllTextAsync(html);
        int start = text.IndexOf(DataStart, StringComparison.Ordinal) + DataStart.Length;
        var data = JsonDocument.Parse(text[start..text.IndexOf("</script>", start, StringComparison.Ordinal)]).RootElement;

        AssertSameRows(await JsonOf("report", recording), data.GetProperty("report"));
        AssertSameRows(await JsonOf("protocols", recording), data.GetProperty("protocols"));
        AssertSameRows(await JsonOf("connections", recording), data.GetProperty("connections"));
        AssertSameRows(await JsonOf("peaks", recording, "--window", "1s", "--step", "1s"), data.GetProperty("peaks"));
        Assert.Equal((await JsonOf("report", recording)).GetProperty("lost_events").GetInt64(), data.GetProperty("summary").GetProperty("lost_events").GetInt64());

        var timeline = (await JsonOf("timeline", recording, "--group-by", "pid")).GetProperty("rows").EnumerateArray().ToList();
        var series = data.GetProperty("timeline").GetProperty("series").EnumerateArray().ToList();
        Assert.NotEmpty(series);
        foreach (var group in series)
        {
            var rows = timeline.Where(r => $"{Text(r.GetProperty("pid"))} {Text(r.GetProperty("comm"))}" == group.GetProperty("label").GetString()).ToList();
            Assert.Equal(rows.Select(r => r.GetProperty("tx_rate").GetDouble()), group.GetProperty("tx_rate").EnumerateArray().Select(v => v.GetDouble()));
            Assert.Equal(rows.Select(r => r.GetProperty("rx_rate").GetDouble()), group.GetProperty("rx_rate").EnumerateArray().Select(v => v.GetDouble()));
        }
        Assert.Equal(timeline.Count, series.Sum(s => s.GetProperty("tx_rate").GetArrayLength()));
    }

    private static void AssertSameRows(JsonElement command, JsonElement part)
    {
        Assert.True(part.GetProperty("rows").GetArrayLength() > 0, "an empty part proves nothing");
        Assert.True(JsonElement.DeepEquals(command.GetProperty("rows"), part.GetProperty("rows")),
            $"json:\n{command.GetProperty("rows")}\npage:\n{part.GetProperty("rows")}");
    }

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.Null ? "-" : value.ToString();

    public void Dispose() => directory.Dispose();
}
