using ProcNetMon2.Bpf;
using ProcNetMon2.Record;

namespace ProcNetMon2.Benchmarks;

/// <summary>
/// pnm's two cgroup_skb packet programs attached alone, to the cgroup v2 root as pnm attaches them:
/// what packet accounting costs by itself, and, when they return at once, what the kernel's hooks
/// cost with nothing to do (the part no change to the programs can remove).
/// </summary>
internal static class PacketHooks
{
    public static Monitor Start(bool returnAtOnce) => Monitor.InProcess(Attach(returnAtOnce, CapturePrograms.Packets));

    public static BpfObject Start(bool returnAtOnce, string[] programs) => Attach(returnAtOnce, programs);

    private static BpfObject Attach(bool returnAtOnce, string[] programs)
    {
        string cgroup = KernelFacts.Probe().CgroupV2Mount
                        ?? throw new InvalidOperationException("no cgroup v2 mount: the packet programs cannot attach");
        var bpf = BpfObject.OpenEmbedded();
        try
        {
            foreach (string program in bpf.ProgramNames)
                bpf.SetAutoload(program, programs.Contains(program));
            // An interface filter that names no interface: each program returns after one map lookup.
            bpf.SetReadOnlyGlobal("filter_by_iface", returnAtOnce);
            bpf.Load();
            foreach (string program in programs)
                bpf.AttachCgroup(program, cgroup);
            return bpf;
        }
        catch
        {
            bpf.Dispose();
            throw;
        }
    }
}
