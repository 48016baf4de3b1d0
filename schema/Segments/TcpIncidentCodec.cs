namespace ProcNetMon2.Schema.Segments;

/// <summary>
/// TCP incident records of a metadata block, numbered fields as in <see cref="MetadataCodec"/>.
/// <code>
///  TCP incident (type 9, appended):  1 ts_ns, 2 socket_id (0: no recorded socket), 3 kind (1 retransmit,
///                                    2 reset sent, 3 reset received: the kernel's pnm_tcp_incident)
/// </code>
/// </summary>
internal static class TcpIncidentCodec
{
    public static void Write(TcpIncidentRecord incident, ByteBuffer output, byte type)
    {
        var fields = new MetadataFieldWriter(output, type);
        fields.Signed(1, incident.TimestampNs);
        fields.Signed(2, incident.SocketId);
        fields.Signed(3, (long)incident.Kind);
        fields.End();
    }

    public static TcpIncidentRecord Read(MetadataFieldReader fields)
    {
        var values = fields.ReadAll();
        int kind = values.RequiredInt(3, "kind");
        if (kind is < byte.MinValue or > byte.MaxValue)
            throw new SegmentFormatException($"TCP incident kind {kind} is not one");
        return new TcpIncidentRecord(values.Required(1, "ts_ns"), values.Required(2, "socket_id"), (TcpIncident)kind);
    }
}
