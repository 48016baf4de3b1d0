using System.Globalization;
using ProcNetMon2.Bpf;

namespace ProcNetMon2.Record;

/// <summary>What this machine offers a recorder; gathered once, judged by <see cref="Preflight"/>.</summary>
public sealed record KernelFacts(
    string KernelRelease,
    bool HasBpfCapabilities,
    Version? LibbpfVersion,
    bool HasBtf,
    IReadOnlySet<string> RawTracepoints)
{
    // Capability bits, linux/capability.h.
    private const int CapSysAdmin = 21, CapPerfmon = 38, CapBpf = 39;

    public static KernelFacts Probe(IEnumerable<string> wantedTracepoints)
    {
        string release = File.Exists("/proc/sys/kernel/osrelease")
            ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim()
            : Environment.OSVersion.Version.ToString();
        var libbpf = LoadedLibbpfVersion();
        bool hasBtf = KernelBtf.IsPresent;
        var present = new HashSet<string>();
        if (libbpf is not null && hasBtf)
        {
            using var btf = KernelBtf.Load();
            present.UnionWith(wantedTracepoints.Where(btf.HasRawTracepoint));
        }
        return new KernelFacts(release, HasCapabilities(), libbpf, hasBtf, present);
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
}
