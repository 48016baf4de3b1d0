using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ProcNetMon2.Analyze.Query;

/// <summary>
/// An array with one object per row, keyed by column name: numbers as numbers, NULL as null, text as
/// strings, a BLOB as a lowercase hex string. Written a row at a time, so a large result is never held.
/// </summary>
public sealed class JsonQueryRenderer : IQueryRenderer
{
    // The output is never embedded in HTML, so '+', '<' or non-ASCII in a value need not become \uXXXX.
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public void Render(QueryResult result, TextWriter output)
    {
        using var pending = new MemoryStream();
        using var json = new Utf8JsonWriter(pending, Options);
        json.WriteStartArray();
        foreach (var row in result.Rows)
        {
            json.WriteStartObject();
            for (int column = 0; column < row.Length; column++)
            {
                json.WritePropertyName(result.Columns[column]);
                WriteValue(json, row[column]);
            }
            json.WriteEndObject();
            WritePending(json, pending, output);
        }
        json.WriteEndArray();
        WritePending(json, pending, output);
        output.WriteLine();
    }

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case long integer:
                json.WriteNumberValue(integer);
                break;
            // JSON has no infinity: SQLite's 1e999 is written as the text "Infinity".
            case double real when !double.IsFinite(real):
                json.WriteStringValue(real.ToString(CultureInfo.InvariantCulture));
                break;
            case double real:
                json.WriteNumberValue(real);
                break;
            default:
                json.WriteStringValue(QueryValueText.Of(value));
                break;
        }
    }

    private static void WritePending(Utf8JsonWriter json, MemoryStream pending, TextWriter output)
    {
        json.Flush();
        output.Write(Encoding.UTF8.GetString(pending.GetBuffer(), 0, (int)pending.Length));
        pending.SetLength(0);
    }
}
