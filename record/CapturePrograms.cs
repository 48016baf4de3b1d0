namespace ProcNetMon2.Record;

/// <summary>Which programs of pnm.bpf.o each backend needs on a given kernel.</summary>
public static class CapturePrograms
{
    public static readonly string[] Tracepoints = ["sock_send_length", "sock_recv_length"];
    public static readonly string[] ProcessLifecycle = ["sched_process_fork", "sched_process_exec", "sched_process_exit"];
    /// <summary>Connection lifecycle, retransmits and resets: the tracepoints, recorded where the kernel has them.</summary>
    public static readonly string[] Connections = ["inet_sock_set_state", "tcp_retransmit_skb", "tcp_send_reset", "tcp_receive_reset"];

    /// <summary>
    /// Syscall tracepoints naming the process that accepted each TCP connection. They attach through
    /// tracefs; without it a server socket's owner is the process that closed it or did I/O on it.
    /// </summary>
    public static readonly string[] Accept = ["sys_exit_accept4", "sys_exit_accept"];

    /// <summary>cgroup_skb programs counting packets, attached to the cgroup v2 root.</summary>
    public static readonly string[] Packets = ["packets_egress", "packets_ingress"];

    /// <summary>The programs for <see cref="Connections"/>; the retransmit program's shape follows the tracepoint's.</summary>
    public static IReadOnlyList<string> ForConnections(bool retransmitReportsErrors) =>
        [.. Connections.Select(c => c == "tcp_retransmit_skb" && retransmitReportsErrors ? "tcp_retransmit_skb_err" : c)];
    public static readonly string[] KernelFunctions = ["tcp_sendmsg", "udp_sendmsg", "udpv6_sendmsg", "tcp_recvmsg", "udp_recvmsg", "udpv6_recvmsg"];

    private static readonly string[] SendFunctions = ["tcp_sendmsg", "udp_sendmsg", "udpv6_sendmsg"];
    private static readonly string[] RecvFunctions = ["tcp_recvmsg", "udp_recvmsg", "udpv6_recvmsg"];

    /// <param name="recvHasNonblock">recvmsg still takes a `nonblock` argument (kernels before 5.19).</param>
    public static IReadOnlyList<string> ForSockIo(SockIoBackend backend, bool recvHasNonblock)
    {
        string recvSuffix = recvHasNonblock ? "_nonblock" : "";
        return backend switch
        {
            SockIoBackend.Tracepoint => Tracepoints,
            SockIoBackend.Fentry => [.. SendFunctions.Select(f => $"fexit_{f}"), .. RecvFunctions.Select(f => $"fexit_{f}{recvSuffix}")],
            SockIoBackend.Kprobe =>
            [
                .. SendFunctions.SelectMany(f => new[] { $"kprobe_{f}", $"kretprobe_{f}" }),
                .. RecvFunctions.SelectMany(f => new[] { $"kprobe_{f}{recvSuffix}", $"kretprobe_{f}" }),
            ],
            _ => throw new ArgumentOutOfRangeException(nameof(backend)),
        };
    }
}
