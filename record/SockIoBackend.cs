namespace ProcNetMon2.Record;

/// <summary>How payload bytes of socket calls are captured; the recorder loads exactly one.</summary>
public enum SockIoBackend
{
    /// <summary>Raw tracepoints sock_send_length / sock_recv_length (Linux 6.3+): cheapest.</summary>
    Tracepoint,
    /// <summary>fexit on tcp_/udp_/udpv6_ sendmsg/recvmsg: needs BTF trampolines.</summary>
    Fentry,
    /// <summary>kprobe + kretprobe on the same functions: needs kprobes.</summary>
    Kprobe,
}

public static class SockIoBackendNames
{
    public static string Name(this SockIoBackend backend) => backend.ToString().ToLowerInvariant();

    public static SockIoBackend? Parse(string name) =>
        Enum.TryParse<SockIoBackend>(name, ignoreCase: true, out var backend) ? backend : null;
}
