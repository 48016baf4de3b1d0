namespace ProcNetMon2.Record;

/// <summary>
/// Decides, from what the kernel declares, which socket-I/O backends are worth trying and in what
/// order (cheapest first). Whether one really loads and attaches is found out by trying it.
/// </summary>
public static class BackendSelector
{
    public static readonly SockIoBackend[] PreferenceOrder = [SockIoBackend.Tracepoint, SockIoBackend.Fentry, SockIoBackend.Kprobe];

    /// <summary>Why a backend cannot work here, or null when it may.</summary>
    public static string? Unavailable(KernelFacts facts, SockIoBackend backend)
    {
        var missingFunctions = CapturePrograms.KernelFunctions.Where(f => !facts.FunctionArity.ContainsKey(f)).ToList();
        return backend switch
        {
            SockIoBackend.Tracepoint when !CapturePrograms.Tracepoints.All(facts.BtfTracepoints.Contains) =>
                "no sock:sock_send_length/sock_recv_length tracepoints (Linux 6.3 or newer has them)",
            SockIoBackend.Fentry or SockIoBackend.Kprobe when missingFunctions.Count > 0 =>
                $"kernel BTF does not describe {string.Join(", ", missingFunctions)}",
            SockIoBackend.Kprobe when !facts.HasKprobes => "kernel built without kprobes",
            _ => null,
        };
    }

    /// <summary>The backends to try, in order; only the forced one when the user chose.</summary>
    public static IReadOnlyList<SockIoBackend> Candidates(KernelFacts facts, SockIoBackend? forced) =>
        (forced is { } only ? [only] : PreferenceOrder).Where(b => Unavailable(facts, b) is null).ToList();

    /// <summary>One line naming every backend that was ruled out and why.</summary>
    public static string ExplainNone(KernelFacts facts, SockIoBackend? forced) =>
        string.Join("; ", (forced is { } only ? [only] : PreferenceOrder).Select(b => $"{b.Name()}: {Unavailable(facts, b)}"));
}
