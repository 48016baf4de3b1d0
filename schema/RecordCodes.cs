namespace ProcNetMon2.Schema;

// Codes a recording stores, with the numbers Linux uses for them. The kernel ABI has its own
// enums (ProcNetMon2.Bpf.Abi); the recorder maps those to these, so the format never follows the
// kernel header by accident.

public enum Direction : byte
{
    Tx = 0,
    Rx = 1,
}

public enum TcpIncident : byte
{
    Retransmit = 1,
    ResetSent = 2,
    ResetReceived = 3,
}

public static class AddressFamily
{
    public const ushort Inet = 2;
    public const ushort Inet6 = 10;
}

public static class IpProtocol
{
    public const byte Tcp = 6;
    public const byte Udp = 17;

    public static string Name(int protocol) => protocol switch
    {
        Tcp => "tcp",
        Udp => "udp",
        _ => protocol.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
