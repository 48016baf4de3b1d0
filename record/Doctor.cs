using ProcNetMon2.Bpf;

namespace ProcNetMon2.Record;

/// <summary>One way of capturing an event family, and whether it works here.</summary>
public sealed record BackendCheck(string Name, bool Works, string Detail);

/// <summary>What this machine supports, and what `pnm record` would use.</summary>
public sealed record DoctorReport(
    KernelFacts Facts,
    IReadOnlyList<BackendCheck> SockIo,
    BackendCheck Process,
    BackendCheck Connections,
    BackendCheck Packets,
    BackendCheck Accept,
    string? Problem)
{
    public string? SockIoBackend => SockIo.FirstOrDefault(b => b.Works)?.Name;
    public bool CanRecord => Problem is null;
}

/// <summary>
/// Diagnoses the machine the way `pnm record` would start: the preflight, then a real load and
/// attach of every backend the kernel declares (as root; otherwise only what can be read).
/// </summary>
public static class Doctor
{
    public static DoctorReport Diagnose()
    {
        var facts = KernelFacts.Probe();
        string? problem = null;
        try
        {
            Preflight.Check(facts, forcedBackend: null);
        }
        catch (RecordException e)
        {
            problem = e.Message;
        }

        bool canTry = facts.HasBpfCapabilities && facts.LibbpfVersion is not null && facts.HasBtf;
        if (canTry)
            LibBpfLog.RouteTo(_ => { });
        var sockIo = BackendSelector.PreferenceOrder.Select(backend => Check(facts, backend, canTry)).ToList();
        var process = CapturePrograms.ProcessLifecycle.All(facts.BtfTracepoints.Contains)
            ? new BackendCheck("tracepoint", true, "sched:sched_process_fork, sched_process_exec, sched_process_exit")
            : new BackendCheck("tracepoint", false, "sched_process_fork/exec/exit tracepoints missing");
        var connections = CapturePrograms.Connections.All(facts.BtfTracepoints.Contains)
            ? new BackendCheck("tracepoint", true, "sock:inet_sock_set_state, tcp:tcp_retransmit_skb, tcp_send_reset, tcp_receive_reset")
            : new BackendCheck("unavailable", false, "this kernel lacks " + string.Join(", ", CapturePrograms.Connections.Where(c => !facts.BtfTracepoints.Contains(c))));
        var packets = CheckPackets(facts, canTry, sockIo.FirstOrDefault(b => b.Works)?.Name);
        if (problem is null && !sockIo.Any(b => b.Works))
            problem = "no socket I/O backend loads and attaches on this kernel";
        return new DoctorReport(facts, sockIo, process, connections, packets, CheckAccept(), problem);
    }

    /// <summary>The accept tracepoints attach through tracefs, at either of its usual mount points.</summary>
    private static BackendCheck CheckAccept()
    {
        string[] roots = ["/sys/kernel/tracing", "/sys/kernel/debug/tracing"];
        return roots.Any(root => Directory.Exists(Path.Combine(root, "events/syscalls/sys_exit_accept4")))
            ? new BackendCheck("tracepoint", true, "syscalls:sys_exit_accept4, sys_exit_accept: accepted sockets are owned by the accepting process")
            : new BackendCheck("unavailable", false,
                "tracefs is not mounted (mount -t tracefs nodev /sys/kernel/tracing): server sockets are owned by the process that does I/O on them or closes them");
    }

    private static BackendCheck CheckPackets(KernelFacts facts, bool canTry, string? workingBackend)
    {
        if (facts.CgroupV2Mount is null)
            return new BackendCheck("unavailable", false, "no cgroup v2 mount (see /proc/mounts)");
        if (!canTry || SockIoBackendNames.Parse(workingBackend ?? "") is not { } backend)
            return new BackendCheck("cgroup_skb", false, "not tried: needs root, libbpf, BTF and a working socket backend");
        try
        {
            using var trial = CaptureObject.Start(new RecordOptions { OutputPath = "", RingBytes = 4096 }, backend, facts,
                new CaptureFamilies(Connections: false, PacketsCgroup: facts.CgroupV2Mount));
            return new BackendCheck("cgroup_skb", true, $"attached to {facts.CgroupV2Mount}");
        }
        catch (BpfException e)
        {
            return new BackendCheck("cgroup_skb", false, e.Message);
        }
    }

    private static BackendCheck Check(KernelFacts facts, SockIoBackend backend, bool canTry)
    {
        if (BackendSelector.Unavailable(facts, backend) is { } reason)
            return new BackendCheck(backend.Name(), false, reason);
        if (!canTry)
            return new BackendCheck(backend.Name(), false, "not tried: needs root, libbpf and BTF");
        try
        {
            using var trial = CaptureObject.Start(new RecordOptions { OutputPath = "", RingBytes = 4096 }, backend, facts, new CaptureFamilies(Connections: false, PacketsCgroup: null));
            return new BackendCheck(backend.Name(), true, "loads and attaches");
        }
        catch (BpfException e)
        {
            return new BackendCheck(backend.Name(), false, e.Message);
        }
    }
}
