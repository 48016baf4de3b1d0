using System.Globalization;
using System.Text.Json;

namespace ProcNetMon2.Tests.Analyze.Html;

/// <summary>A table of pnm's HTML output read back from the browser, against the rows `--format json` printed.</summary>
internal static class PageTable
{
    /// <summary>The same columns, in order, and each cell's data-value the JavaScript text of the JSON value.</summary>
    public static async Task AssertEqualsJsonAsync(HeadlessChromium chromium, string id, JsonElement expectedRows)
    {
        var table = await chromium.EvaluateAsync($$"""
            ({ columns: [...document.querySelectorAll('#{{id}} th')].map(th => th.dataset.column),
               rows: [...document.querySelectorAll('#{{id}} tbody tr')].map(tr => [...tr.children].map(td => td.dataset.value)) })
            """);
        var columns = table["columns"]!.AsArray().Select(c => (string)c!).ToList();
        var rows = table["rows"]!.AsArray();
        var expected = expectedRows.EnumerateArray().ToList();
        Assert.Equal(expected[0].EnumerateObject().Select(p => p.Name), columns);
        Assert.Equal(expected.Count, rows.Count);
        for (int r = 0; r < expected.Count; r++)
            for (int c = 0; c < columns.Count; c++)
                AssertSameValue(expected[r].GetProperty(columns[c]), (string)rows[r]![c]!, $"{id}: row {r}, {columns[c]}");
    }

    /// <summary>Numbers compare as numbers, null is empty.</summary>
    private static void AssertSameValue(JsonElement expected, string actual, string where)
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Null:
                Assert.True(actual == "", $"{where}: expected null, the page has '{actual}'");
                break;
            case JsonValueKind.Number:
                Assert.True(expected.GetDouble() == double.Parse(actual, CultureInfo.InvariantCulture), $"{where}: json {expected}, the page {actual}");
                break;
            case JsonValueKind.True or JsonValueKind.False:
                Assert.Equal(expected.GetBoolean() ? "true" : "false", actual);
                break;
            default:
                Assert.True(expected.GetString() == actual, $"{where}: json '{expected.GetString()}', the page '{actual}'");
                break;
        }
    }
}
