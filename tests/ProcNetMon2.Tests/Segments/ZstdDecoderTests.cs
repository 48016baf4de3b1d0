using ProcNetMon2.Schema.Segments;
using ZstdSharp;

namespace ProcNetMon2.Tests.Segments;

public sealed class ZstdDecoderTests
{
    [Fact]
    public void The_system_library_decodes_here()
    {
        using var decoder = new ZstdDecoder();

        Assert.True(decoder.IsNative, "libzstd.so.1 did not load: segment reads fall back to the managed decoder");
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(100_000, 1)]
    [InlineData(100_000, 19)]
    [InlineData(1_000_000, 3)]
    public void Both_decoders_give_back_what_was_compressed(int length, int level)
    {
        var raw = Compressible(length, seed: length + level);
        using var compressor = new Compressor(level);
        var compressed = compressor.Wrap(raw).ToArray();

        foreach (bool native in new[] { true, false })
        {
            using var decoder = new ZstdDecoder(native);
            var output = new byte[length];
            int written = decoder.Decompress(compressed, output);

            Assert.Equal(length, written);
            Assert.True(raw.AsSpan().SequenceEqual(output), $"native {native}: the output differs");
        }
    }

    [Fact]
    public void One_decoder_decodes_frame_after_frame()
    {
        using var compressor = new Compressor(1);
        using var decoder = new ZstdDecoder();
        for (int frame = 0; frame < 5; frame++)
        {
            var raw = Compressible(10_000 * (frame + 1), seed: frame);
            var output = new byte[raw.Length];

            decoder.Decompress(compressor.Wrap(raw), output);

            Assert.Equal(raw, output);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Damage_and_a_short_destination_are_invalid_data_with_a_reason(bool native)
    {
        var raw = Compressible(50_000, seed: 7);
        using var compressor = new Compressor(1);
        var compressed = compressor.Wrap(raw).ToArray();
        var damaged = (byte[])compressed.Clone();
        damaged[0] ^= 0xFF; // the frame's magic number
        using var decoder = new ZstdDecoder(native);

        var notZstd = Assert.Throws<InvalidDataException>(() => decoder.Decompress(damaged, new byte[raw.Length]));
        var tooSmall = Assert.Throws<InvalidDataException>(() => decoder.Decompress(compressed, new byte[raw.Length - 1]));

        Assert.False(string.IsNullOrWhiteSpace(notZstd.Message));
        Assert.False(string.IsNullOrWhiteSpace(tooSmall.Message));
    }

    // Varint-like bytes with runs, as an event block's columns are: something for both the matches and the literals' Huffman code.
    private static byte[] Compressible(int length, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
            bytes[i] = i > 16 && random.Next(3) == 0 ? bytes[i - 1 - random.Next(16)] : (byte)random.Next(random.Next(2) == 0 ? 4 : 200);
        return bytes;
    }
}
