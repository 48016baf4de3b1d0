namespace ProcNetMon2.Schema;

/// <summary>
/// Packets and wire bytes (IP length) of one socket on one interface, in one direction, with one
/// remote endpoint, between two flushes (about a second). The remote comes from the packets, so
/// every datagram of an unconnected UDP socket is attributed to its peer.
/// </summary>
public sealed record PacketFlowRecord
{
    public required long WindowStartNs { get; init; }
    public required long WindowEndNs { get; init; }
    /// <summary>0 for packets without a socket.</summary>
    public required long SocketId { get; init; }
    public required int Ifindex { get; init; }
    public required Direction Direction { get; init; }
    public required int Family { get; init; }
    public required int Protocol { get; init; }
    public required string RemoteAddr { get; init; }
    public required int RemotePort { get; init; }
    public required long Packets { get; init; }
    public required long Bytes { get; init; }
}

/// <summary>A network interface as the recording host named it.</summary>
public sealed record InterfaceRecord(int Ifindex, string Name);
