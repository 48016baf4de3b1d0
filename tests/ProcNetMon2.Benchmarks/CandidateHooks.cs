using ProcNetMon2.Bpf;

namespace ProcNetMon2.Benchmarks;

/// <summary>
/// Candidate packet-accounting programs (bpf/candidates.bpf.c, not used by pnm) attached beside a monitor,
/// so a candidate's cost is measured in the same rounds as pnm's cgroup_skb programs.
/// </summary>
internal static class CandidateHooks
{
    public static readonly string[] TracepointsNoWork = ["tp_egress_nowork", "tp_ingress_nowork"];
    public static readonly string[] Tracepoints = ["tp_egress", "tp_ingress"];
    public static readonly string[] TracepointEgress = ["tp_egress"];
    public static readonly string[] SocketDatagrams = ["sock_datagram_send", "sock_datagram_recv"];

    public static IDisposable Attach(string[] programs)
    {
        byte[] elf = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "candidates.bpf.o"));
        var bpf = BpfObject.Open(elf, "candidates");
        try
        {
            foreach (string program in bpf.ProgramNames)
                bpf.SetAutoload(program, programs.Contains(program));
            bpf.Load();
            foreach (string program in programs)
                bpf.Attach(program);
            return bpf;
        }
        catch
        {
            bpf.Dispose();
            throw;
        }
    }
}
