namespace ProcNetMon2.Schema.Segments;

/// <summary>
/// Summarized I/O records of a metadata block, numbered fields as in <see cref="MetadataCodec"/>.
/// <code>
///  summarized I/O (type 8, appended):  1 window_start_ns, 2 window_end_ns, 3 process_id, 4 tid,
///                                      5 socket_id, 6 direction, 7 bytes, 8 calls
/// </code>
/// Readers before format version 2 skip the record type whole (and refuse the recording's version).
/// </summary>
internal static class SummarizedIoCodec
{
    public static void Write(SummarizedIoRecord summary, ByteBuffer output, byte type)
    {
        var fields = new MetadataFieldWriter(output, type);
        fields.Signed(1, summary.WindowStartNs);
        fields.Signed(2, summary.WindowEndNs);
        fields.Signed(3, summary.ProcessId);
        fields.Signed(4, summary.Tid);
        fields.Signed(5, summary.SocketId);
        fields.Signed(6, (long)summary.Direction);
        fields.Signed(7, summary.Bytes);
        fields.Signed(8, summary.Calls);
        fields.End();
    }

    public static SummarizedIoRecord Read(MetadataFieldReader fields)
    {
        var values = fields.ReadAll();
        return new SummarizedIoRecord
        {
            WindowStartNs = values.Required(1, "window_start_ns"),
            WindowEndNs = values.Required(2, "window_end_ns"),
            ProcessId = values.Required(3, "process_id"),
            Tid = values.RequiredInt(4, "tid"),
            SocketId = values.Required(5, "socket_id"),
            Direction = values.RequiredDirection(6),
            Bytes = values.Required(7, "bytes"),
            Calls = values.Required(8, "calls"),
        };
    }
}
