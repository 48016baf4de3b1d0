using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ProcNetMon2.Analyze.Rendering.Html;

/// <summary>
/// One self-contained page of pnm's HTML output: page.html with its body, its data (JSON), the vendored Apache ECharts,
/// the shared script (common.js) and the page's own script inlined. Nothing is loaded from anywhere when it opens.
/// </summary>
internal static class HtmlPage
{
    private const string Title = "PNM_TITLE";
    private static readonly string[] Markers = ["/*PNM_BODY*/", "/*PNM_CHARTS*/", "/*PNM_DATA*/", "/*PNM_SCRIPT*/"];

    // The default encoder escapes <, > and & as \u003C…: no text in the data can end the <script> element it sits in.
    public static readonly JsonWriterOptions DataOptions = new() { Encoder = JavaScriptEncoder.Default };

    /// <summary>
    /// Writes the page as UTF-8; its data is written by <paramref name="writeData"/> as the properties of one object,
    /// after the charts library (a megabyte, copied while what the data waits for may still be in the making).
    /// </summary>
    /// <param name="name">The page's files: NAME.body.html and NAME.js.</param>
    public static void Write(Stream output, string name, string title, Action<Utf8JsonWriter> writeData)
    {
        string template = PageResource.Text("page.html").Replace(Title, WebUtility.HtmlEncode(title), StringComparison.Ordinal);
        // The data and the scripts are copied to the output as they are: never a string of their own (ECharts alone is 1.4 MB as one).
        Action[] parts =
        [
            () => PageResource.CopyTo($"{name}.body.html", output),
            () => PageResource.CopyTo("vendor/echarts.common.min.js", output),
            () => WriteData(output, writeData),
            () =>
            {
                PageResource.CopyTo("common.js", output);
                output.WriteByte((byte)'\n');
                PageResource.CopyTo($"{name}.js", output);
            },
        ];
        int at = 0;
        for (int i = 0; i < Markers.Length; i++)
        {
            int marker = template.IndexOf(Markers[i], at, StringComparison.Ordinal);
            if (marker < 0)
                throw new InvalidOperationException($"page.html lacks {Markers[i]} after its earlier markers");
            WriteText(output, template.AsSpan(at, marker - at));
            parts[i]();
            at = marker + Markers[i].Length;
        }
        WriteText(output, template.AsSpan(at));
    }

    private static void WriteText(Stream output, ReadOnlySpan<char> text) => output.Write(System.Text.Encoding.UTF8.GetBytes(text.ToArray()));

    private static void WriteData(Stream output, Action<Utf8JsonWriter> write)
    {
        var chunks = new StreamChunks(output);
        using (var writer = new Utf8JsonWriter(chunks, DataOptions))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        chunks.Flush();
    }

    /// <summary>The hosts the recordings came from, for a title.</summary>
    public static string Hosts(IEnumerable<string> hosts) => string.Join(", ", hosts.Distinct());

    /// <summary>The columns (name and kind) and the first <paramref name="shown"/> rows, each as `--format json` writes it.</summary>
    public static void WriteTable(Utf8JsonWriter writer, JsonReportRenderer json, string name, ResultTable table, int? shown = null)
    {
        writer.WritePropertyName(name);
        WriteTable(writer, json, table, shown);
    }

    /// <summary>The same as a value (an array's element, or after a property name written apart).</summary>
    public static void WriteTable(Utf8JsonWriter writer, JsonReportRenderer json, ResultTable table, int? shown = null)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("columns");
        foreach (var column in table.Columns)
        {
            writer.WriteStartObject();
            writer.WriteString("name", column.Name);
            writer.WriteString("kind", column.Kind.ToString().ToLowerInvariant());
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteNumber("total_rows", table.Rows.Count);
        writer.WriteStartArray("rows");
        foreach (var row in table.Rows.Take(shown ?? table.Rows.Count))
            json.WriteRow(writer, table.Columns, row);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>A summary as `--format json` writes it, under <paramref name="name"/>.</summary>
    public static void WriteSummary(Utf8JsonWriter writer, JsonReportRenderer json, string name, AnalysisSummary summary)
    {
        writer.WriteStartObject(name);
        writer.WriteString("command", summary.Command);
        json.WriteSummary(writer, summary);
        writer.WriteEndObject();
    }
}
