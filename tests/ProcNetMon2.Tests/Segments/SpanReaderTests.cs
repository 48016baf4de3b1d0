using ProcNetMon2.Schema.Segments;

namespace ProcNetMon2.Tests.Segments;

public sealed class SpanReaderTests
{
    /// <summary>Every length of varint, 1 to 10 bytes, near the end of the bytes and far from it (the paths that read 8 bytes at once and byte by byte).</summary>
    [Fact]
    public void Varints_of_every_length_read_back_as_written_wherever_they_sit()
    {
        var values = new List<ulong> { 0, 1, ulong.MaxValue, long.MaxValue };
        for (int bits = 7; bits < 64; bits += 7)
            values.AddRange([(1UL << bits) - 1, 1UL << bits, (1UL << bits) + 0x55]);
        var buffer = new ByteBuffer();
        foreach (ulong value in values)
            buffer.WriteVarint(value);
        foreach (ulong value in values.AsEnumerable().Reverse())
            buffer.WriteVarint(value);

        var reader = new SpanReader(buffer.Written);
        var read = new List<ulong>();
        while (reader.Remaining > 0)
            read.Add(reader.ReadVarint());

        Assert.Equal(values.Concat(values.AsEnumerable().Reverse()), read);
    }

    [Fact]
    public void A_varint_cut_short_is_an_error_not_a_read_past_the_end()
    {
        var buffer = new ByteBuffer();
        buffer.WriteVarint(1UL << 40);

        Assert.Throws<SegmentFormatException>(() =>
        {
            var reader = new SpanReader(buffer.Written[..^1]);
            reader.ReadVarint();
        });
    }
}
