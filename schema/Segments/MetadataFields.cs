namespace ProcNetMon2.Schema.Segments;

/// <summary>Writes one metadata record: type, length, then numbered fields (see <see cref="MetadataCodec"/>).</summary>
internal readonly ref struct MetadataFieldWriter
{
    private const int SignedKind = 0, TextKind = 1;

    private readonly ByteBuffer output;
    private readonly ByteBuffer fields = new(256);

    public MetadataFieldWriter(ByteBuffer output, byte type)
    {
        this.output = output;
        output.WriteByte(type);
    }

    public void Signed(int number, long? value)
    {
        if (value is not { } present)
            return;
        fields.WriteVarint((ulong)(number << 1 | SignedKind));
        fields.WriteSigned(present);
    }

    public void Text(int number, string? value)
    {
        if (value is null)
            return;
        fields.WriteVarint((ulong)(number << 1 | TextKind));
        fields.WriteString(value);
    }

    public void End()
    {
        output.WriteVarint((ulong)fields.Length);
        output.WriteBytes(fields.Written);
    }
}

/// <summary>Reads the numbered fields of one metadata record; unknown numbers are skipped.</summary>
internal readonly ref struct MetadataFieldReader(ReadOnlySpan<byte> fields)
{
    private const int SignedKind = 0, TextKind = 1, MaxFieldNumber = 64;

    private readonly ReadOnlySpan<byte> fields = fields;

    public MetadataValues ReadAll()
    {
        var values = new MetadataValues();
        var reader = new SpanReader(fields);
        while (reader.Remaining > 0)
        {
            ulong key = reader.ReadVarint();
            ulong number = key >> 1;
            switch ((int)(key & 1))
            {
                case SignedKind:
                    long signed = reader.ReadSigned();
                    if (number < MaxFieldNumber)
                        values.Numbers[number] = signed;
                    break;
                case TextKind:
                    string text = reader.ReadString();
                    if (number < MaxFieldNumber)
                        values.Texts[number] = text;
                    break;
            }
        }
        return values;
    }
}

/// <summary>The fields of one metadata record by number, with the checks that turn them into a record.</summary>
internal sealed class MetadataValues
{
    public Dictionary<ulong, long> Numbers { get; } = [];
    public Dictionary<ulong, string> Texts { get; } = [];

    public long Required(int number, string name) =>
        Numbers.TryGetValue((ulong)number, out long value) ? value : throw Missing(name);

    public int RequiredInt(int number, string name) => ToInt(Required(number, name), name);

    public string RequiredText(int number, string name) =>
        Texts.TryGetValue((ulong)number, out string? value) ? value : throw Missing(name);

    public long? Optional(int number) => Numbers.TryGetValue((ulong)number, out long value) ? value : null;

    public int? OptionalInt(int number) => Optional(number) is { } value ? ToInt(value, $"field {number}") : null;

    public string? OptionalText(int number) => Texts.GetValueOrDefault((ulong)number);

    public Direction RequiredDirection(int number) => RequiredInt(number, "direction") switch
    {
        var tx when tx == (int)Direction.Tx => Direction.Tx,
        var rx when rx == (int)Direction.Rx => Direction.Rx,
        var other => throw new SegmentFormatException($"direction {other} is neither tx nor rx"),
    };

    private static SegmentFormatException Missing(string name) => new($"a metadata record lacks {name}");

    private static int ToInt(long value, string name) => value is >= int.MinValue and <= int.MaxValue
        ? (int)value
        : throw new SegmentFormatException($"{name} {value} does not fit 32 bits");
}
