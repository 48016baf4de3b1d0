using System.Text;
using System.Text.Json;
using ProcNetMon2.Analyze.Rendering.Html;

namespace ProcNetMon2.Tests.Analyze.Html;

/// <summary>StreamChunks: a writer's buffer passed on to a stream chunk by chunk.</summary>
public sealed class StreamChunksTests
{
    [Fact]
    public void A_json_value_of_megabytes_reaches_the_stream_whole_and_in_order()
    {
        using var output = new MemoryStream();
        var chunks = new StreamChunks(output);
        using (var writer = new Utf8JsonWriter(chunks))
        {
            writer.WriteStartArray();
            for (int i = 0; i < 200_000; i++)
                writer.WriteNumberValue(i);
            writer.WriteStringValue(new string('x', 300_000)); // one value larger than a chunk
            writer.WriteEndArray();
        }
        chunks.Flush();

        var values = JsonDocument.Parse(output.ToArray()).RootElement.EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(0, 200_000), values.Take(200_000).Select(v => v.GetInt32()));
        Assert.Equal(new string('x', 300_000), values[^1].GetString());
    }

    [Fact]
    public void Nothing_is_passed_on_before_a_chunk_fills_or_the_flush()
    {
        using var output = new MemoryStream();
        var chunks = new StreamChunks(output);

        Encoding.UTF8.GetBytes("abc", chunks);
        Assert.Equal(0, output.Length);
        chunks.Flush();
        chunks.Flush();

        Assert.Equal("abc", Encoding.UTF8.GetString(output.ToArray()));
    }
}
