using System.Runtime.CompilerServices;
using System.Text;

namespace ProcNetMon2.Schema.Segments;

/// <summary>A growable byte buffer with the writers the segment codecs need. Reused between blocks.</summary>
internal sealed class ByteBuffer(int initialCapacity = 4096)
{
    private byte[] bytes = new byte[initialCapacity];

    public int Length { get; private set; }
    public ReadOnlySpan<byte> Written => bytes.AsSpan(0, Length);

    public void Clear() => Length = 0;

    /// <summary>Room for at least <paramref name="count"/> more bytes, to be committed with <see cref="Advance"/>.</summary>
    public Span<byte> Reserve(int count)
    {
        if (bytes.Length - Length < count)
            Array.Resize(ref bytes, Math.Max(bytes.Length * 2, Length + count));
        return bytes.AsSpan(Length);
    }

    public void Advance(int count) => Length += count;

    public void WriteByte(byte value)
    {
        Reserve(1)[0] = value;
        Length++;
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        value.CopyTo(Reserve(value.Length));
        Length += value.Length;
    }

    /// <summary>LEB128: 7 bits a byte, low bits first; a negative long takes 10 bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteVarint(ulong value)
    {
        var span = Reserve(10);
        int i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        Length += i;
    }

    /// <summary>Zigzag then LEB128: small negative numbers stay small.</summary>
    public void WriteSigned(long value) => WriteVarint((ulong)((value << 1) ^ (value >> 63)));

    public void WriteString(string value)
    {
        int count = Encoding.UTF8.GetByteCount(value);
        WriteVarint((ulong)count);
        Encoding.UTF8.GetBytes(value, Reserve(count));
        Length += count;
    }
}
