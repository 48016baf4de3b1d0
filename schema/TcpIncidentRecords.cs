namespace ProcNetMon2.Schema;

/// <summary>
/// One retransmit or reset of a TCP socket, when it happened: lets an analysis count only what fell in its window.
/// The socket row keeps whole-life counters as well. SocketId 0: a socket no event of the recording named.
/// </summary>
public readonly record struct TcpIncidentRecord(long TimestampNs, long SocketId, TcpIncident Kind);
