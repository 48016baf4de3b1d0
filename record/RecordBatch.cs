using System.Buffers.Binary;

namespace ProcNetMon2.Record;

/// <summary>
/// Ring records copied out of the ring, back to back, each behind its length:
/// <c>[int32 length][record bytes]</c>…, in the order the ring held them. Reused: the drain thread
/// fills it, the writer thread reads it, and it goes back to the pool.
/// </summary>
internal sealed class RecordBatch(int capacity)
{
    private const int LengthPrefix = sizeof(int);
    private byte[] buffer = new byte[capacity];

    public int Count { get; private set; }
    public int Bytes { get; private set; }
    public bool IsEmpty => Count == 0;

    /// <summary>Copies the record in; false when it does not fit (an empty batch grows to take any record).</summary>
    public bool TryAppend(ReadOnlySpan<byte> record)
    {
        int needed = LengthPrefix + record.Length;
        if (Bytes + needed > buffer.Length)
        {
            if (!IsEmpty)
                return false;
            buffer = new byte[needed];
        }
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(Bytes), record.Length);
        record.CopyTo(buffer.AsSpan(Bytes + LengthPrefix));
        Bytes += needed;
        Count++;
        return true;
    }

    public void Clear() => (Count, Bytes) = (0, 0);

    public Enumerator GetEnumerator() => new(buffer.AsSpan(0, Bytes));

    /// <summary>Each record in order; a span is valid until the batch is cleared.</summary>
    public ref struct Enumerator(ReadOnlySpan<byte> records)
    {
        private ReadOnlySpan<byte> rest = records;

        public ReadOnlySpan<byte> Current { get; private set; }

        public bool MoveNext()
        {
            if (rest.IsEmpty)
                return false;
            int length = BinaryPrimitives.ReadInt32LittleEndian(rest);
            Current = rest.Slice(LengthPrefix, length);
            rest = rest[(LengthPrefix + length)..];
            return true;
        }
    }
}
