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
    private static readonly string[] Markers = ["/*PNM_BODY*/", "/*PNM_DATA*/", "/*PNM_CHARTS*/", "/*PNM_SCRIPT*/"];

    // The default encoder escapes <, > and & as \u003C…: no text in the data can end the <script> element it sits in.
    public static readonly JsonWriterOptions DataOptions = new() { Encoder = JavaScriptEncoder.Default };

    /// <summary>Writes the page as UTF-8; its data is written by <paramref name="writeData"/> as the properties of one object.</summary>
    /// <param name="name">The page's files: NAME.body.html and NAME.js.</param>
    public static void Write(Stream output, string name, string title, Action<Utf8JsonWriter> writeData)
    {
        string template = PageResource.Text("page.html").Replace(Title, WebUtility.HtmlEncode(title), StringComparison.Ordinal);
        // The data and the scripts are copied to the output as they are: never a string of their own (ECharts alone is 1.4 MB as one).
        Action[] parts =
        [
            () => PageResource.CopyTo($"{name}.body.html", output),
            () => WriteData(output, writeData),
            () => PageResource.CopyTo("vendor/echarts.common.min.js", output),
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
        using var writer = new Utf8JsonWriter(output, DataOptions);
        writer.WriteStartObject();
        write(writer);
        writer.WriteEndObject();
    }

    /// <summary>The hosts the recordings came from, for a title.</summary>
    public static string Hosts(AnalysisSummary summary) => string.Join(", ", summary.Recordings.Select(r => r.Host).Distinct());

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

    /// <summary>One JSON value, written by <paramref name="write"/>, as UTF-8, to be placed in a page's data by <see cref="WriteProperty"/>.</summary>
    public static ByteChunks JsonValue(Action<Utf8JsonWriter> write)
    {
        var chunks = new ByteChunks();
        using (var writer = new Utf8JsonWriter(chunks, DataOptions))
            write(writer);
        return chunks;
    }

    /// <summary>
    /// A property of the page's data whose value was written apart (<see cref="JsonValue"/>), after the properties
    /// <paramref name="writer"/> wrote to <paramref name="output"/>: the value is copied to the output as it is, not
    /// through the writer's buffer (which would grow to hold it). The writer then closes the object as if it had written
    /// the property itself: its next token needs no other separator.
    /// </summary>
    public static void WriteProperty(Utf8JsonWriter writer, Stream output, string name, ByteChunks value)
    {
        writer.Flush();
        output.Write(System.Text.Encoding.UTF8.GetBytes($",{QuotedName(name)}:"));
        value.CopyTo(output);
    }

    /// <summary>A property name as the page's writer writes it (quoted, escaped by <see cref="DataOptions"/>).</summary>
    private static string QuotedName(string name)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, DataOptions))
            writer.WriteStringValue(name);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
