namespace ProcNetMon2.Schema.Segments;

/// <summary>
/// Interface and packet-flow records of a metadata block, numbered fields as in <see cref="MetadataCodec"/>.
/// <code>
///  interface (type 5, upsert by ifindex):  1 ifindex, 2 name
///  packet flow (type 6, appended):         1 window_start_ns, 2 window_end_ns, 3 socket_id, 4 ifindex,
///                                          5 direction, 6 family, 7 protocol, 8 remote_addr,
///                                          9 remote_port, 10 packets, 11 bytes
/// </code>
/// </summary>
internal static class PacketFlowCodec
{
    public static void Write(InterfaceRecord networkInterface, ByteBuffer output, byte type)
    {
        var fields = new MetadataFieldWriter(output, type);
        fields.Signed(1, networkInterface.Ifindex);
        fields.Text(2, networkInterface.Name);
        fields.End();
    }

    public static void Write(PacketFlowRecord flow, ByteBuffer output, byte type)
    {
        var fields = new MetadataFieldWriter(output, type);
        fields.Signed(1, flow.WindowStartNs);
        fields.Signed(2, flow.WindowEndNs);
        fields.Signed(3, flow.SocketId);
        fields.Signed(4, flow.Ifindex);
        fields.Signed(5, (long)flow.Direction);
        fields.Signed(6, flow.Family);
        fields.Signed(7, flow.Protocol);
        fields.Text(8, flow.RemoteAddr);
        fields.Signed(9, flow.RemotePort);
        fields.Signed(10, flow.Packets);
        fields.Signed(11, flow.Bytes);
        fields.End();
    }

    public static InterfaceRecord ReadInterface(MetadataFieldReader fields)
    {
        var values = fields.ReadAll();
        return new InterfaceRecord(values.RequiredInt(1, "ifindex"), values.RequiredText(2, "name"));
    }

    public static PacketFlowRecord ReadPacketFlow(MetadataFieldReader fields)
    {
        var values = fields.ReadAll();
        return new PacketFlowRecord
        {
            WindowStartNs = values.Required(1, "window_start_ns"),
            WindowEndNs = values.Required(2, "window_end_ns"),
            SocketId = values.Required(3, "socket_id"),
            Ifindex = values.RequiredInt(4, "ifindex"),
            Direction = values.RequiredDirection(5),
            Family = values.RequiredInt(6, "family"),
            Protocol = values.RequiredInt(7, "protocol"),
            RemoteAddr = values.RequiredText(8, "remote_addr"),
            RemotePort = values.RequiredInt(9, "remote_port"),
            Packets = values.Required(10, "packets"),
            Bytes = values.Required(11, "bytes"),
        };
    }
}
