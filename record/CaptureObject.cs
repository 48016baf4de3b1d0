using System.Text;
using ProcNetMon2.Bpf;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Record;

/// <summary>pnm.bpf.o configured, loaded and attached for one recording.</summary>
internal sealed class CaptureObject : IDisposable
{
    public const string Backend = "tracepoint";
    public static readonly string[] Programs = ["sock_send_length", "sock_recv_length", "sched_process_exec", "sched_process_exit"];

    private const int CommLength = 16;
    private readonly BpfObject bpf;

    private CaptureObject(BpfObject bpf) => this.bpf = bpf;

    public static CaptureObject Start(RecordOptions options)
    {
        var bpf = BpfObject.OpenEmbedded();
        try
        {
            bpf.SetReadOnlyGlobal("recorder_tgid", (uint)Environment.ProcessId);
            bpf.SetReadOnlyGlobal("filter_by_pid", options.Pids.Count > 0);
            bpf.SetReadOnlyGlobal("filter_by_comm", options.Comms.Count > 0);
            bpf.SetReadOnlyGlobal("wakeup_threshold_bytes", (ulong)Math.Min(256 * 1024, options.RingBytes / 4));
            bpf.SetMaxEntries("events", options.RingBytes);
            bpf.Load();
            foreach (int pid in options.Pids)
                bpf.Update("pid_filter", (uint)pid, (byte)1);
            foreach (string comm in options.Comms)
                bpf.Update("comm_filter", CommKey(comm), (byte)1);
            foreach (string program in Programs)
                bpf.Attach(program);
            return new CaptureObject(bpf);
        }
        catch
        {
            bpf.Dispose();
            throw;
        }
    }

    public RingBufferReader OpenRing(IRingSampleHandler handler) => bpf.OpenRingBuffer("events", handler);

    public ulong LostEvents => bpf.SumPerCpu("lost_events", 0);

    /// <summary>Stops new events; the ring stays readable until disposal.</summary>
    public void Detach() => bpf.DetachAll();

    /// <summary>The kernel's comm: at most 15 bytes and a NUL.</summary>
    private static Bytes16 CommKey(string comm)
    {
        var key = new Bytes16();
        var bytes = Encoding.UTF8.GetBytes(comm);
        bytes.AsSpan(0, Math.Min(bytes.Length, CommLength - 1)).CopyTo(key);
        return key;
    }

    public void Dispose() => bpf.Dispose();
}
