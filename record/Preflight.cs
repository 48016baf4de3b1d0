using ProcNetMon2.Bpf;

namespace ProcNetMon2.Record;

/// <summary>Refuses to record, with the reason and the fix, when this machine cannot.</summary>
public static class Preflight
{
    public static readonly Version MinimumLibbpf = new(1, 0);

    public static void Check(KernelFacts facts, SockIoBackend? forcedBackend)
    {
        if (BpfObject.EmbeddedObjectName(facts.Architecture) is null)
            throw new RecordException($"pnm record runs on x86-64 and arm64, not {facts.Architecture.ToString().ToLowerInvariant()}: no BPF programs are built for it");
        if (!facts.HasBpfCapabilities)
            throw new RecordException("pnm record needs root (or CAP_BPF and CAP_PERFMON): run it with sudo");
        if (facts.LibbpfVersion is null)
            throw new RecordException("libbpf is not installed (libbpf.so.1): install it, e.g. apt-get install libbpf1");
        if (facts.LibbpfVersion < MinimumLibbpf)
            throw new RecordException($"libbpf {facts.LibbpfVersion} is too old: pnm needs {MinimumLibbpf} or newer");
        if (!facts.HasBtf)
            throw new RecordException(
                $"kernel {facts.KernelRelease} has no BTF (/sys/kernel/btf/vmlinux): pnm needs a kernel built with CONFIG_DEBUG_INFO_BTF=y");
        var missing = CapturePrograms.ProcessLifecycle.Where(t => !facts.BtfTracepoints.Contains(t)).ToList();
        if (missing.Count > 0)
            throw new RecordException(
                $"kernel {facts.KernelRelease} lacks the tracepoint{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(m => "sched:" + m))}: this kernel is not supported");
        if (BackendSelector.Candidates(facts, forcedBackend).Count == 0)
            throw new RecordException(
                $"kernel {facts.KernelRelease} offers no way to capture socket I/O ({BackendSelector.ExplainNone(facts, forcedBackend)}): this kernel is not supported");
    }
}
