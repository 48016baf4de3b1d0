using System.Runtime.InteropServices;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Record;

/// <summary>
/// A kernel socket as seen in one event: its address plus its endpoints. A reused socket address
/// with other endpoints is another socket.
/// </summary>
internal readonly record struct SocketKey(
    ulong SockId, ushort Family, byte Protocol,
    ulong LocalHigh, ulong LocalLow, ushort LocalPort,
    ulong RemoteHigh, ulong RemoteLow, ushort RemotePort)
{
    public static SocketKey From(in SockIoEvent e)
    {
        var local = MemoryMarshal.Cast<byte, ulong>((ReadOnlySpan<byte>)e.LocalAddr);
        var remote = MemoryMarshal.Cast<byte, ulong>((ReadOnlySpan<byte>)e.RemoteAddr);
        return new SocketKey(e.SockId, e.Family, e.Protocol,
            local[0], local[1], e.LocalPort, remote[0], remote[1], e.RemotePort);
    }
}
