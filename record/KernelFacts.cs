using System.Globalization;
using System.Runtime.InteropServices;
using ProcNetMon2.Bpf;

namespace ProcNetMon2.Record;

/// <summary>What this machine offers a recorder; gathered once, judged by <see cref="Preflight"/> and <see cref="BackendSelector"/>.</summary>
/// <param name="BtfTracepoints">The tracepoints pnm hooks that the kernel's BTF declares (tp_btf and raw_tp programs attach to them).</param>
public sealed record KernelFacts(
    string KernelRelease,
    bool HasBpfCapabilities,
    Version? LibbpfVersion,
    bool HasBtf,
    IReadOnlySet<string> BtfTracepoints)
{
    // Capability bits, linux/capability.h.
    private const int CapSysAdmin = 21, CapPerfmon = 38, CapBpf = 39;

    /// <summary>Parameter counts of the kernel functions the fallbacks hook, as BTF describes them.</summary>
    public IReadOnlyDictionary<string, int> FunctionArity { get; init; } = new Dictionary<string, int>();
    public bool HasKprobes { get; init; }
    /// <summary>tcp_retransmit_skb reports an error argument (and fires for failed retransmits too).</summary>
    public bool RetransmitReportsErrors { get; init; }
    /// <summary>The active lockdown mode, or null when it cannot be read.</summary>
    public string? Lockdown { get; init; }
    public string? CgroupV2Mount { get; init; }
    /// <summary>The machine's architecture, which picks the embedded BPF object.</summary>
    public Architecture Architecture { get; init; } = RuntimeInformation.ProcessArchitecture;

    /// <summary>recvmsg took a `nonblock` argument until Linux 5.19.</summary>
    public bool RecvHasNonblock => FunctionArity.GetValueOrDefault("tcp_recvmsg") == 6;

    public static KernelFacts Probe()
    {
        string release = File.Exists("/proc/sys/kernel/osrelease")
            ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim()
            : Environment.OSVersion.Version.ToString();
        var libbpf = LoadedLibbpfVersion();
        bool hasBtf = KernelBtf.IsPresent;
        var tracepoints = new HashSet<string>();
        var arity = new Dictionary<string, int>();
        bool retransmitReportsErrors = false;
        if (libbpf is not null && hasBtf)
        {
            using var btf = KernelBtf.Load();
            tracepoints.UnionWith(CapturePrograms.Tracepoints.Concat(CapturePrograms.ProcessLifecycle).Concat(CapturePrograms.Connections)
                .Where(btf.HasBtfTracepoint));
            foreach (string function in CapturePrograms.KernelFunctions)
                if (btf.FunctionArity(function) is { } count)
                    arity[function] = count;
            retransmitReportsErrors = btf.TracepointArity("tcp_retransmit_skb") >= 3;
        }
        return new KernelFacts(release, HasCapabilities(), libbpf, hasBtf, tracepoints)
        {
            FunctionArity = arity,
            HasKprobes = Directory.Exists("/sys/bus/event_source/devices/kprobe"),
            RetransmitReportsErrors = retransmitReportsErrors,
            Lockdown = ReadLockdown(),
            CgroupV2Mount = FindCgroupV2Mount(),
        };
    }

    private static Version? LoadedLibbpfVersion()
    {
        try
        {
            return BpfLibrary.Version;
        }
        catch (DllNotFoundException)
        {
            return null;
        }
    }

    private static bool HasCapabilities()
    {
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
        if (line is null || !ulong.TryParse(line["CapEff:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong caps))
            return Environment.UserName == "root";
        bool Has(int bit) => (caps & (1UL << bit)) != 0;
        return Has(CapSysAdmin) || (Has(CapBpf) && Has(CapPerfmon));
    }

    /// <summary>"none [integrity] confidentiality" → "integrity".</summary>
    private static string? ReadLockdown()
    {
        const string path = "/sys/kernel/security/lockdown";
        if (!File.Exists(path))
            return null;
        string text = File.ReadAllText(path);
        int open = text.IndexOf('['), close = text.IndexOf(']');
        return open >= 0 && close > open ? text[(open + 1)..close] : text.Trim();
    }

    private static string? FindCgroupV2Mount() =>
        File.Exists("/proc/mounts")
            ? File.ReadLines("/proc/mounts").Select(l => l.Split(' ')).FirstOrDefault(f => f.Length > 2 && f[2] == "cgroup2")?[1]
            : null;
}
