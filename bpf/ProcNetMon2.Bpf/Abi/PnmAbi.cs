using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ProcNetMon2.Bpf.Abi;

// C# mirror of bpf/src/pnm_abi.h, the kernel/user ABI. Field order, sizes and enum values must match
// the header exactly; AbiLayoutTests compiles the header and compares every offset, size and value.
// These are the kernel's shapes, not the recording's: the recorder turns them into schema records.
// Direction and incident codes have their own enums here, although the recording model's
// (ProcNetMon2.Schema.Direction, TcpIncident) hold the same numbers today, so that the ABI depends on
// nothing and neither side can change the other by accident; the recorder maps them (KernelCodes).

public enum EventKind : ushort
{
    SockIo = 1,
    ProcessExec = 2,
    ProcessExit = 3,
    ProcessFork = 4,
    SockState = 5,
    TcpIncident = 6,
    PayloadPrefix = 7,
    SockAccept = 8,
}

public enum EventTcpIncident : byte
{
    Retransmit = 1,
    ResetSent = 2,
    ResetReceived = 3,
}

public enum EventDirection : byte
{
    Tx = 0,
    Rx = 1,
}

[StructLayout(LayoutKind.Sequential)]
public struct EventHeader
{
    public ulong TimestampNs;
    public uint Pid;
    public uint Tid;
    public EventKind Kind;
    public ushort Reserved16;
    public uint Reserved32;
}

[StructLayout(LayoutKind.Sequential)]
public struct SockIoEvent
{
    public EventHeader Header;
    public ulong SockId;
    public ulong Cookie;
    public Bytes16 LocalAddr;
    public Bytes16 RemoteAddr;
    public uint Bytes;
    public ushort LocalPort;
    public ushort RemotePort;
    public ushort Family;
    public byte Protocol;
    public EventDirection Direction;
    public uint Reserved;
    public Bytes16 Comm;
}

[StructLayout(LayoutKind.Sequential)]
public struct ProcessExecEvent
{
    public EventHeader Header;
    public uint ParentPid;
    public uint Reserved;
    public Bytes16 Comm;
    public Bytes128 Filename;
}

[StructLayout(LayoutKind.Sequential)]
public struct ProcessExitEvent
{
    public EventHeader Header;
    public int ExitCode;
    public uint Reserved;
    public Bytes16 Comm;
}

[StructLayout(LayoutKind.Sequential)]
public struct ProcessForkEvent
{
    public EventHeader Header;
    public uint ChildPid;
    public uint Reserved;
    public Bytes16 Comm;
}

[StructLayout(LayoutKind.Sequential)]
public struct SockStateEvent
{
    public EventHeader Header;
    public ulong SockId;
    public ulong Cookie;
    public Bytes16 LocalAddr;
    public Bytes16 RemoteAddr;
    public ushort LocalPort;
    public ushort RemotePort;
    public ushort Family;
    public byte OldState;
    public byte NewState;
}

[StructLayout(LayoutKind.Sequential)]
public struct SockAcceptEvent
{
    public EventHeader Header;
    public ulong SockId;
    public ulong Cookie;
    public Bytes16 LocalAddr;
    public Bytes16 RemoteAddr;
    public ushort LocalPort;
    public ushort RemotePort;
    public ushort Family;
    public ushort Reserved;
    public Bytes16 Comm;
}

[StructLayout(LayoutKind.Sequential)]
public struct TcpIncidentEvent
{
    public EventHeader Header;
    public ulong SockId;
    public ulong Cookie;
    public EventTcpIncident Incident;
    public byte State;
    public ushort Reserved16;
    /// <summary>Retransmits: the segments the kernel counted since the socket's last event; resets: 1.</summary>
    public uint Count;
}

[StructLayout(LayoutKind.Sequential)]
public struct PayloadPrefixEvent
{
    public EventHeader Header;
    public ulong Cookie;
    public ushort LocalPort;
    public ushort RemotePort;
    public ushort Length;
    public byte Protocol;
    public EventDirection Direction;
    public Bytes64 Data;
}

/// <summary>The key of the kernel's socket I/O overflow maps (pnm_sock_io_overflow_key).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct SockIoOverflowKey
{
    public ulong Cookie;
    public ulong SockId;
    public ulong PidTgid;
    public EventDirection Direction;
    public byte Reserved8;
    public ushort Reserved16;
    public uint Reserved32;
}

/// <summary>Calls summed in the kernel because the ring had no room (pnm_sock_io_overflow).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct SockIoOverflow
{
    public ulong Bytes;
    public ulong Calls;
    public ulong FirstNs;
    public ulong LastNs;
    public Bytes16 LocalAddr;
    public Bytes16 RemoteAddr;
    public ushort LocalPort;
    public ushort RemotePort;
    public ushort Family;
    public byte Protocol;
    public byte Reserved;
    public Bytes16 Comm;
}

/// <summary>The key of the kernel's packet flow maps (pnm_flow_key).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FlowKey
{
    public ulong Cookie;
    public Bytes16 RemoteAddr;
    public uint Ifindex;
    public ushort RemotePort;
    public EventDirection Direction;
    public byte Protocol;
    public ushort Family;
    public ushort Reserved16;
    public uint Reserved32;
}

/// <summary>Packets and IP-length bytes of one flow in one window (pnm_flow_counts).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FlowCounts
{
    public ulong Packets;
    public ulong Bytes;
    public uint PayloadShown;
    public uint Reserved;
}

/// <summary>The slots of the per-CPU capture_counters map (enum pnm_capture_counter).</summary>
public enum CaptureCounter : uint
{
    Lost = 0,
    Filtered = 1,
    Submitted = 2,
    Summarized = 3,
}

/// <summary>The header's #define constants (PNM_*).</summary>
public static class AbiLimits
{
    public const int PayloadPrefixLen = 64;
    public const int CommLen = 16;
    public const int FilenameLen = 128;
    public const int AddrLen = 16;
    public const int CaptureCounters = 4;
}

[InlineArray(16)]
public struct Bytes16
{
    private byte element;
}

[InlineArray(128)]
public struct Bytes128
{
    private byte element;
}

[InlineArray(64)]
public struct Bytes64
{
    private byte element;
}
