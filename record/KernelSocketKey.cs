using System.Runtime.InteropServices;
using ProcNetMon2.Bpf.Abi;

namespace ProcNetMon2.Record;

/// <summary>
/// A socket as the kernel's events name it (not a recording's socket id): by the kernel's cookie, unique per socket, when the program could
/// get one; otherwise by the socket's kernel address plus its endpoints (a reused address with
/// other endpoints is another socket).
/// </summary>
internal readonly record struct KernelSocketKey(
    ulong Cookie, ulong SockId, ushort Family, byte Protocol,
    ulong LocalHigh, ulong LocalLow, ushort LocalPort,
    ulong RemoteHigh, ulong RemoteLow, ushort RemotePort)
{
    public static KernelSocketKey From(in SockIoEvent e)
    {
        if (e.Cookie != 0)
            return new KernelSocketKey(e.Cookie, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        var local = MemoryMarshal.Cast<byte, ulong>((ReadOnlySpan<byte>)e.LocalAddr);
        var remote = MemoryMarshal.Cast<byte, ulong>((ReadOnlySpan<byte>)e.RemoteAddr);
        return new KernelSocketKey(0, e.SockId, e.Family, e.Protocol,
            local[0], local[1], e.LocalPort, remote[0], remote[1], e.RemotePort);
    }

    public static KernelSocketKey FromCookie(ulong cookie) => new(cookie, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
