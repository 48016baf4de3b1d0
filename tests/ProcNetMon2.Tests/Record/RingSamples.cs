using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using ProcNetMon2.Bpf.Abi;

namespace ProcNetMon2.Tests.Record;

/// <summary>
/// Synthetic ring-buffer samples, byte for byte as the BPF programs submit them, for feeding
/// RecordingAssembler without a kernel. Addresses are IPv4 text (all zero: an unconnected socket).
/// </summary>
internal static class RingSamples
{
    public const ulong SockId = 0xFFFF_8880_0000_1000;

    public static EventHeader Header(EventKind kind, long ts, int pid, int? tid = null) =>
        new() { TimestampNs = (ulong)ts, Pid = (uint)pid, Tid = (uint)(tid ?? pid), Kind = kind };

    public static SockIoEvent SockIo(long ts, int pid, ulong cookie, uint bytes = 100, EventDirection direction = EventDirection.Tx,
        byte protocol = IpProtocol.Tcp, string localAddr = "127.0.0.1", ushort localPort = 40000, string remoteAddr = "127.0.0.2",
        ushort remotePort = 443, int? tid = null, string comm = "app")
    {
        var e = new SockIoEvent
        {
            Header = Header(EventKind.SockIo, ts, pid, tid), SockId = SockId, Cookie = cookie, Bytes = bytes,
            LocalPort = localPort, RemotePort = remotePort, Family = AddressFamily.Inet, Protocol = protocol, Direction = direction,
        };
        IPv4(localAddr, e.LocalAddr);
        IPv4(remoteAddr, e.RemoteAddr);
        Comm(comm, e.Comm);
        return e;
    }

    public static SockStateEvent State(long ts, int pid, ulong cookie, byte oldState, byte newState,
        string localAddr = "127.0.0.1", ushort localPort = 8080, string remoteAddr = "127.0.0.1", ushort remotePort = 50000)
    {
        var e = new SockStateEvent
        {
            Header = Header(EventKind.SockState, ts, pid), SockId = SockId, Cookie = cookie, Family = AddressFamily.Inet,
            LocalPort = localPort, RemotePort = remotePort, OldState = oldState, NewState = newState,
        };
        IPv4(localAddr, e.LocalAddr);
        IPv4(remoteAddr, e.RemoteAddr);
        return e;
    }

    public static SockAcceptEvent Accept(long ts, int pid, ulong cookie, string comm,
        string localAddr = "127.0.0.1", ushort localPort = 8080, string remoteAddr = "127.0.0.1", ushort remotePort = 50000)
    {
        var e = new SockAcceptEvent
        {
            Header = Header(EventKind.SockAccept, ts, pid), SockId = SockId, Cookie = cookie, Family = AddressFamily.Inet,
            LocalPort = localPort, RemotePort = remotePort,
        };
        IPv4(localAddr, e.LocalAddr);
        IPv4(remoteAddr, e.RemoteAddr);
        Comm(comm, e.Comm);
        return e;
    }

    /// <summary>Packets run in softirq: the header names no task.</summary>
    public static TcpIncidentEvent Incident(long ts, ulong cookie, EventTcpIncident kind, uint count = 1) =>
        new() { Header = Header(EventKind.TcpIncident, ts, 0), SockId = SockId, Cookie = cookie, Incident = kind, Count = count };

    public static PayloadPrefixEvent Payload(long ts, ulong cookie, byte protocol, ReadOnlySpan<byte> data,
        ushort localPort = 40000, ushort remotePort = 443, EventDirection direction = EventDirection.Tx)
    {
        var e = new PayloadPrefixEvent
        {
            Header = Header(EventKind.PayloadPrefix, ts, 0), Cookie = cookie, Protocol = protocol, Direction = direction,
            LocalPort = localPort, RemotePort = remotePort, Length = (ushort)data.Length,
        };
        data.CopyTo(e.Data);
        return e;
    }

    public static ProcessForkEvent Fork(long ts, int parentPid, int childPid, string comm)
    {
        var e = new ProcessForkEvent { Header = Header(EventKind.ProcessFork, ts, parentPid), ChildPid = (uint)childPid };
        Comm(comm, e.Comm);
        return e;
    }

    public static ProcessExecEvent Exec(long ts, int pid, int parentPid, string comm, string filename)
    {
        var e = new ProcessExecEvent { Header = Header(EventKind.ProcessExec, ts, pid), ParentPid = (uint)parentPid };
        Comm(comm, e.Comm);
        Encoding.UTF8.GetBytes(filename).CopyTo(e.Filename);
        return e;
    }

    public static ProcessExitEvent Exit(long ts, int pid, int exitCode = 0, string comm = "app")
    {
        var e = new ProcessExitEvent { Header = Header(EventKind.ProcessExit, ts, pid), ExitCode = exitCode };
        Comm(comm, e.Comm);
        return e;
    }

    /// <summary>The sample's bytes, as the ring hands them to the recorder.</summary>
    public static byte[] Bytes<T>(T sample) where T : struct => MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref sample, 1)).ToArray();

    public static void IPv4(string address, Span<byte> destination) => IPAddress.Parse(address).GetAddressBytes().CopyTo(destination);

    private static void Comm(string comm, Span<byte> destination) => Encoding.UTF8.GetBytes(comm).CopyTo(destination);
}
