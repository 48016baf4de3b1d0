using System.Runtime.InteropServices;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Record;

/// <summary>
/// A socket as events name it: by the kernel's cookie, unique per socket, when the program could
/// get one; otherwise by the socket's kernel address plus its endpoints (a reused address with
/// other endpoints is another socket).
/// </summary>
internal readonly record struct SocketKey(
    ulong Cookie, ulong SockId, ushort Family, byte Protocol,
    ulong LocalHigh, ulong LocalLow, ushort LocalPort,
    ulong RemoteHigh, ulong RemoteLow, ushort RemotePort)
{
    public static SocketKey From(in SockIoEvent e)
    {
        if (e.Cookie != 0)
            return new SocketKey(e.Cookie, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        var local = MemoryMarshal.Cast<byte, ulong>((ReadOnlySpan<byte>)e.LocalAddr);
        var remote = MemoryMarshal.Cast<byte, ulong>((ReadOnlySpan<byte>)e.RemoteAddr);
        return new SocketKey(0, e.SockId, e.Family, e.Protocol,
            local[0], local[1], e.LocalPort, remote[0], remote[1], e.RemotePort);
    }

    public static SocketKey FromCookie(ulong cookie) => new(cookie, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
