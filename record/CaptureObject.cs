using System.Text;
using ProcNetMon2.Bpf;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Record;

/// <summary>pnm.bpf.o configured, loaded and attached for one recording, with the backend that worked.</summary>
internal sealed class CaptureObject : IDisposable
{
    private const int CommLength = 16;
    private readonly BpfObject bpf;

    public SockIoBackend Backend { get; }
    public IReadOnlyList<string> Programs { get; }
    public bool RecordsConnections { get; }

    /// <summary>Which mechanism each event family uses, as stored in the recording.</summary>
    public string BackendDescription =>
        $"sock_io:{Backend.Name()},process:tracepoint,connections:{(RecordsConnections ? "tracepoint" : "unavailable")}";

    private CaptureObject(BpfObject bpf, SockIoBackend backend, IReadOnlyList<string> programs, bool recordsConnections)
    {
        this.bpf = bpf;
        Backend = backend;
        Programs = programs;
        RecordsConnections = recordsConnections;
    }

    /// <summary>Tries the candidate backends cheapest first; the first that loads and attaches wins.</summary>
    public static CaptureObject Start(RecordOptions options, KernelFacts facts)
    {
        var failures = new List<BpfException>();
        var tried = new List<string>();
        foreach (var backend in BackendSelector.Candidates(facts, options.Backend))
        {
            try
            {
                return StartWithOptionalFamilies(options, backend, facts);
            }
            catch (BpfException e)
            {
                failures.Add(e);
                tried.Add($"{backend.Name()}: {e.Message}");
            }
        }
        // EPERM as root means a policy, not a missing feature: lockdown or a security module.
        string hint = failures.Count > 0 && failures.All(f => f.Errno == 1)
            ? $": the kernel refuses BPF (lockdown: {facts.Lockdown ?? "unknown"}); boot with lockdown=none or check the security modules"
            : "";
        throw new RecordException($"no capture backend could be started on kernel {facts.KernelRelease} ({string.Join("; ", tried)}){hint}");
    }

    /// <summary>Connections are recorded where their tracepoints exist and load; without them the rest still runs.</summary>
    private static CaptureObject StartWithOptionalFamilies(RecordOptions options, SockIoBackend backend, KernelFacts facts)
    {
        if (CapturePrograms.Connections.All(facts.RawTracepoints.Contains))
        {
            try
            {
                return Start(options, backend, facts, withConnections: true);
            }
            catch (BpfException)
            {
                // Retried below without them: payload bytes matter more than lifecycle.
            }
        }
        return Start(options, backend, facts, withConnections: false);
    }

    /// <summary>Loads and attaches one backend; throws BpfException when the kernel refuses it.</summary>
    internal static CaptureObject Start(RecordOptions options, SockIoBackend backend, KernelFacts facts, bool withConnections)
    {
        string[] programs =
        [
            .. CapturePrograms.ForSockIo(backend, facts.RecvHasNonblock),
            .. CapturePrograms.ProcessLifecycle,
            .. withConnections ? CapturePrograms.ForConnections(facts.RetransmitReportsErrors) : [],
        ];
        var bpf = BpfObject.OpenEmbedded();
        try
        {
            foreach (string program in bpf.ProgramNames)
                bpf.SetAutoload(program, programs.Contains(program));
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
            foreach (string program in programs)
                bpf.Attach(program);
            return new CaptureObject(bpf, backend, programs, withConnections);
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
