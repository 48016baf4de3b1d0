using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace ProcNetMon2.Schema.Segments;

/// <summary>Reads what <see cref="ByteBuffer"/> wrote; every read checks the bounds first.</summary>
internal ref struct SpanReader(ReadOnlySpan<byte> source)
{
    private readonly ReadOnlySpan<byte> source = source;
    private int position;

    public readonly int Remaining => source.Length - position;

    public byte ReadByte()
    {
        Need(1);
        return source[position++];
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        Need(count);
        var value = source.Slice(position, count);
        position += count;
        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadVarint()
    {
        // Fast path: with 10 bytes left no varint can run past the end, so no per-byte checks.
        if (Remaining >= 10)
        {
            ref byte at = ref Unsafe.Add(ref MemoryMarshal.GetReference(source), position);
            if (Bmi2.X64.IsSupported)
            {
                // Up to 8 bytes without a branch per byte: the first byte without its high bit ends the number, and
                // the 7 low bits of each byte up to it are gathered in one instruction (the per-byte branches of the
                // path below mispredicted on every change of length).
                ulong word = Unsafe.ReadUnaligned<ulong>(ref at);
                ulong ends = ~word & 0x8080808080808080UL;
                if (ends != 0)
                {
                    position += (BitOperations.TrailingZeroCount(ends) >> 3) + 1;
                    return Bmi2.X64.ParallelBitExtract(word & (ends ^ (ends - 1)), 0x7F7F7F7F7F7F7F7FUL);
                }
            }
            // Timestamp deltas and byte counts are mostly one or two bytes: those two cases unrolled.
            ulong first = at;
            if (first < 0x80)
            {
                position++;
                return first;
            }
            ulong second = Unsafe.Add(ref at, 1);
            if (second < 0x80)
            {
                position += 2;
                return (first & 0x7F) | (second << 7);
            }
            ulong value = 0;
            for (int i = 0; i < 10; i++)
            {
                ulong b = Unsafe.Add(ref at, i);
                value |= (b & 0x7F) << (7 * i);
                if (b < 0x80)
                {
                    position += i + 1;
                    return value;
                }
            }
            throw new SegmentFormatException("a number runs past 10 bytes");
        }
        return ReadVarintSlow();
    }

    private ulong ReadVarintSlow()
    {
        ulong value = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            byte b = ReadByte();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return value;
        }
        throw new SegmentFormatException("a number runs past 10 bytes");
    }

    public long ReadSigned()
    {
        ulong raw = ReadVarint();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public int ReadCount(int max, string what)
    {
        ulong value = ReadVarint();
        if (value > (ulong)max)
            throw new SegmentFormatException($"{what} {value} exceeds {max}");
        return (int)value;
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadBytes(ReadCount(Remaining, "string length")));

    public readonly void ExpectEnd()
    {
        if (Remaining != 0)
            throw new SegmentFormatException($"{Remaining} unexpected bytes after the last field");
    }

    private readonly void Need(int count)
    {
        if (count < 0 || Remaining < count)
            throw new SegmentFormatException("a field runs past the end of its block");
    }
}
