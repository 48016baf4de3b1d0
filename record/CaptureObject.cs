using System.Text;
using ProcNetMon2.Bpf;
using ProcNetMon2.Bpf.Abi;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Record;

/// <summary>pnm.bpf.o configured, loaded and attached for one recording, with the backend that worked.</summary>
internal sealed class CaptureObject : IDisposable
{
    private readonly BpfObject bpf;

    public SockIoBackend Backend { get; }
    public IReadOnlyList<string> Programs { get; }
    public CaptureFamilies Families { get; }
    /// <summary>Whether the accept tracepoints attached (they need tracefs).</summary>
    public bool AcceptOwners { get; }

    /// <summary>Which mechanism each event family uses, as stored in the recording.</summary>
    public string BackendDescription =>
        $"sock_io:{Backend.Name()},process:tracepoint,connections:{(Families.Connections ? "tracepoint" : "unavailable")}" +
        $",packets:{(Families.PacketsCgroup is not null ? "cgroup_skb" : packetsRequested ? "unavailable" : "off")}" +
        $",accept:{(AcceptOwners ? "tracepoint" : "unavailable")}";

    private readonly bool packetsRequested;

    private CaptureObject(BpfObject bpf, SockIoBackend backend, IReadOnlyList<string> programs, CaptureFamilies families, bool acceptOwners,
        bool packetsRequested)
    {
        this.bpf = bpf;
        this.packetsRequested = packetsRequested;
        Backend = backend;
        Programs = programs;
        Families = families;
        AcceptOwners = acceptOwners;
    }

    /// <summary>Tries the candidate backends cheapest first; the first that loads and attaches wins.</summary>
    /// <param name="packetsCgroup">The cgroup v2 root to count packets at; null: no packet accounting.</param>
    public static CaptureObject Start(RecordOptions options, KernelFacts facts, string? packetsCgroup)
    {
        var failures = new List<BpfException>();
        var tried = new List<string>();
        foreach (var backend in BackendSelector.Candidates(facts, options.Backend))
        {
            try
            {
                return StartWithOptionalFamilies(options, backend, facts, packetsCgroup);
            }
            catch (BpfException e)
            {
                failures.Add(e);
                tried.Add($"{backend.Name()}: {e.Message}");
            }
        }
        string hint = failures.Count > 0 && failures.All(f => f.PermissionDenied)
            ? $": the kernel refuses BPF (lockdown: {facts.Lockdown ?? "unknown"}); boot with lockdown=none or check the security modules"
            : "";
        throw new RecordException($"no capture backend could be started on kernel {facts.KernelRelease} ({string.Join("; ", tried)}){hint}");
    }

    /// <summary>
    /// Connections and packets are recorded where the kernel allows them; without them the rest still
    /// runs (payload bytes matter most), and the recording says what was unavailable.
    /// </summary>
    private static CaptureObject StartWithOptionalFamilies(RecordOptions options, SockIoBackend backend, KernelFacts facts, string? packetsCgroup)
    {
        bool connections = CapturePrograms.Connections.All(facts.BtfTracepoints.Contains);
        CaptureFamilies[] attempts =
        [
            new(connections, packetsCgroup),
            new(connections, null),
            new(false, null),
        ];
        foreach (var families in attempts.Distinct().SkipLast(1))
        {
            try
            {
                return Start(options, backend, facts, families);
            }
            catch (BpfException)
            {
                // The next attempt does without.
            }
        }
        return Start(options, backend, facts, attempts[^1]);
    }

    /// <summary>Loads and attaches one backend; throws BpfException when the kernel refuses it.</summary>
    internal static CaptureObject Start(RecordOptions options, SockIoBackend backend, KernelFacts facts, CaptureFamilies families)
    {
        string[] programs =
        [
            .. CapturePrograms.ForSockIo(backend, facts.RecvHasNonblock),
            .. CapturePrograms.ProcessLifecycle,
            .. families.Connections ? CapturePrograms.ForConnections(facts.RetransmitReportsErrors) : [],
        ];
        string[] cgroupPrograms = families.PacketsCgroup is null ? [] : CapturePrograms.Packets;
        string[] acceptPrograms = families.Connections ? CapturePrograms.Accept : [];
        var bpf = BpfObject.OpenEmbedded();
        try
        {
            foreach (string program in bpf.ProgramNames)
                bpf.SetAutoload(program, programs.Contains(program) || cgroupPrograms.Contains(program) || acceptPrograms.Contains(program));
            bpf.SetReadOnlyGlobal("recorder_tgid", (uint)Environment.ProcessId);
            bpf.SetReadOnlyGlobal("filter_by_pid", options.Pids.Count > 0);
            bpf.SetReadOnlyGlobal("filter_by_comm", options.Comms.Count > 0);
            bpf.SetReadOnlyGlobal("filter_by_iface", options.Interfaces.Count > 0);
            bpf.SetReadOnlyGlobal("filter_by_port", options.Ports.Count > 0);
            var cgroups = CgroupSelection.Resolve(facts.CgroupV2Mount, options.Cgroups, options.Containers);
            bpf.SetReadOnlyGlobal("filter_by_cgroup", cgroups.Count > 0);
            bpf.SetReadOnlyGlobal("family_filter", (ushort)(options.IpVersion switch { 4 => AddressFamily.Inet, 6 => AddressFamily.Inet6, _ => 0 }));
            bpf.SetReadOnlyGlobal("wakeup_threshold_bytes", (ulong)Math.Min(256 * 1024, options.RingBytes / 4));
            bpf.SetReadOnlyGlobal("io_backlog_limit_bytes", (ulong)(options.RingBytes - IoHeadroomBytes(options.RingBytes)));
            bpf.SetMaxEntries("events", options.RingBytes);
            if (options.OverflowMapEntries is { } entries)
            {
                bpf.SetMaxEntries("overflow_0", entries);
                bpf.SetMaxEntries("overflow_1", entries);
            }
            bpf.Load();
            foreach (int pid in options.Pids)
                bpf.Update("pid_filter", (uint)pid, (byte)1);
            foreach (string comm in options.Comms)
                bpf.Update("comm_filter", CommKey(comm), (byte)1);
            foreach (int port in options.Ports)
                bpf.Update("port_filter", (ushort)port, (byte)1);
            foreach (ulong cgroup in cgroups)
                bpf.Update("cgroup_filter", cgroup, (byte)1);
            if (options.Interfaces.Count > 0)
            {
                var interfaces = InterfaceNames.Read();
                foreach (string name in options.Interfaces)
                    bpf.Update("iface_filter", (uint)InterfaceNames.IndexOf(name, interfaces), (byte)1);
            }
            foreach (string program in programs)
                bpf.Attach(program);
            foreach (string program in cgroupPrograms)
                bpf.AttachCgroup(program, families.PacketsCgroup!);
            bool acceptOwners = TryAttachAll(bpf, acceptPrograms);
            return new CaptureObject(bpf, backend, [.. programs, .. cgroupPrograms, .. acceptOwners ? acceptPrograms : []], families, acceptOwners, options.CountPackets);
        }
        catch
        {
            bpf.Dispose();
            throw;
        }
    }

    /// <summary>Attaches optional programs; false when any of them could not be (no tracefs mounted).</summary>
    private static bool TryAttachAll(BpfObject bpf, string[] programs)
    {
        try
        {
            foreach (string program in programs)
                bpf.Attach(program);
            return programs.Length > 0;
        }
        catch (BpfException)
        {
            return false;
        }
    }

    public RingBufferReader OpenRing(IRingSampleHandler handler) => bpf.OpenRingBuffer("events", handler);

    /// <summary>
    /// Ring space socket I/O leaves to rarer events (exec, exit, fork, state changes, payload prefixes): past
    /// it, calls are summed in the kernel's overflow maps instead.
    /// </summary>
    public static uint IoHeadroomBytes(uint ringBytes) => Math.Max(ringBytes / 8, Math.Min(16 * 1024, ringBytes / 2));

    /// <summary>Events dropped because the ring was full, per CPU, since the start.</summary>
    public ulong[] LostEventsPerCpu => bpf.ReadPerCpu("capture_counters", (uint)CaptureCounter.Lost);

    /// <summary>Events the kernel-side filters rejected before they reached the ring.</summary>
    public ulong FilteredEvents => SumOverCpus(CaptureCounter.Filtered);

    /// <summary>Socket calls summed in an overflow map because the ring had no room, since the start.</summary>
    public ulong SummarizedCalls => SumOverCpus(CaptureCounter.Summarized);

    /// <summary>Points the socket I/O programs at overflow map 0 or 1.</summary>
    public void ActivateOverflowMap(uint index) => bpf.WriteGlobal("active_overflow_map", index);

    public List<(SockIoOverflowKey Key, SockIoOverflow Sum)> DrainOverflow(uint index) =>
        bpf.Drain<SockIoOverflowKey, SockIoOverflow>($"overflow_{index}");

    /// <summary>Whether bpf() on the capture's maps works with the privileges the thread has now.</summary>
    public bool MapsReadable()
    {
        try
        {
            _ = bpf.ReadPerCpu("capture_counters", (uint)CaptureCounter.Lost);
            return true;
        }
        catch (BpfException)
        {
            return false;
        }
    }

    public ulong SubmittedEvents => SumOverCpus(CaptureCounter.Submitted);

    /// <summary>The most bytes waiting in the ring since the last call.</summary>
    public ulong TakeRingFillPeak()
    {
        ulong peak = bpf.ReadGlobal<ulong>("ring_fill_peak");
        bpf.WriteGlobal("ring_fill_peak", 0UL);
        return peak;
    }

    /// <summary>Packets the kernel could not count because its flow map was full.</summary>
    public ulong LostFlowUpdates => Families.PacketsCgroup is null ? 0 : bpf.ReadGlobal<ulong>("flow_updates_lost");

    /// <summary>Points the packet programs at flow map 0 or 1.</summary>
    public void ActivateFlowMap(uint index) => bpf.WriteGlobal("active_flow_map", index);

    public List<(FlowKey Key, FlowCounts Counts)> DrainFlows(uint index) =>
        Families.PacketsCgroup is null ? [] : bpf.Drain<FlowKey, FlowCounts>($"flows_{index}");

    private ulong SumOverCpus(CaptureCounter counter) =>
        bpf.ReadPerCpu("capture_counters", (uint)counter).Aggregate(0UL, (a, b) => a + b);

    /// <summary>Stops new events; the ring stays readable until disposal.</summary>
    public void Detach() => bpf.DetachAll();

    /// <summary>The kernel's comm: at most 15 bytes and a NUL.</summary>
    private static Bytes16 CommKey(string comm)
    {
        var key = new Bytes16();
        var bytes = Encoding.UTF8.GetBytes(comm);
        bytes.AsSpan(0, Math.Min(bytes.Length, AbiLimits.CommLen - 1)).CopyTo(key);
        return key;
    }

    public void Dispose() => bpf.Dispose();
}

/// <summary>The optional event families of one capture.</summary>
/// <param name="PacketsCgroup">Where packet programs attach; null without packet accounting.</param>
internal sealed record CaptureFamilies(bool Connections, string? PacketsCgroup);
