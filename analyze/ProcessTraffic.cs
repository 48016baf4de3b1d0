using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze;

/// <summary>Everything the report needs to know about one process's events, accumulated one event at a time.</summary>
internal sealed class ProcessTraffic
{
    private readonly HashSet<long> sockets = [];

    public DirectionTraffic Tx { get; } = new();
    public DirectionTraffic Rx { get; } = new();
    public int SocketCount => sockets.Count;

    public void Add(in IoEvent io, long window)
    {
        (io.Direction == Direction.Tx ? Tx : Rx).Add(window, io.Bytes);
        sockets.Add(io.SocketId);
    }
}
