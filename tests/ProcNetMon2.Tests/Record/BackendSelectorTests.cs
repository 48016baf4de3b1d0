using ProcNetMon2.Record;

namespace ProcNetMon2.Tests.Record;

public sealed class BackendSelectorTests
{
    private static readonly Dictionary<string, int> ModernFunctions = CapturePrograms.KernelFunctions.ToDictionary(f => f, _ => 5);

    private static readonly KernelFacts Everything = new("6.8.0", true, new Version(1, 3), true,
        new HashSet<string>(CapturePrograms.Tracepoints.Concat(CapturePrograms.ProcessLifecycle)))
    {
        FunctionArity = ModernFunctions,
        HasKprobes = true,
    };

    [Fact]
    public void With_everything_available_the_cheapest_comes_first() =>
        Assert.Equal([SockIoBackend.Tracepoint, SockIoBackend.Fentry, SockIoBackend.Kprobe], BackendSelector.Candidates(Everything, forced: null));

    [Fact]
    public void Without_the_sock_tracepoints_fentry_is_tried_first_then_kprobe()
    {
        var debian12 = Everything with { KernelRelease = "6.1.0-41-cloud-amd64", BtfTracepoints = CapturePrograms.ProcessLifecycle.ToHashSet() };

        Assert.Equal([SockIoBackend.Fentry, SockIoBackend.Kprobe], BackendSelector.Candidates(debian12, forced: null));
        Assert.Contains("Linux 6.3", BackendSelector.Unavailable(debian12, SockIoBackend.Tracepoint));
    }

    [Fact]
    public void Without_kprobes_only_fentry_remains()
    {
        var facts = Everything with { BtfTracepoints = CapturePrograms.ProcessLifecycle.ToHashSet(), HasKprobes = false };

        Assert.Equal([SockIoBackend.Fentry], BackendSelector.Candidates(facts, forced: null));
    }

    [Fact]
    public void A_forced_backend_is_the_only_candidate() =>
        Assert.Equal([SockIoBackend.Kprobe], BackendSelector.Candidates(Everything, SockIoBackend.Kprobe));

    [Fact]
    public void Functions_missing_from_BTF_rule_out_both_fallbacks()
    {
        var facts = Everything with { FunctionArity = new Dictionary<string, int> { ["tcp_sendmsg"] = 3 } };

        Assert.Equal([SockIoBackend.Tracepoint], BackendSelector.Candidates(facts, forced: null));
        Assert.Contains("udp_sendmsg", BackendSelector.Unavailable(facts, SockIoBackend.Fentry));
    }

    [Theory]
    [InlineData(5, false)]
    [InlineData(6, true)]
    public void Recvmsg_arity_picks_the_program_shape(int arity, bool nonblock)
    {
        var facts = Everything with { FunctionArity = CapturePrograms.KernelFunctions.ToDictionary(f => f, _ => arity) };

        Assert.Equal(nonblock, facts.RecvHasNonblock);
        var programs = CapturePrograms.ForSockIo(SockIoBackend.Fentry, facts.RecvHasNonblock);
        Assert.Contains(nonblock ? "fexit_tcp_recvmsg_nonblock" : "fexit_tcp_recvmsg", programs);
        Assert.Equal(6, programs.Count);
        Assert.Equal(12, CapturePrograms.ForSockIo(SockIoBackend.Kprobe, facts.RecvHasNonblock).Count);
    }

    [Fact]
    public void Every_program_a_backend_names_exists_in_the_object()
    {
        using var bpf = ProcNetMon2.Bpf.BpfObject.OpenEmbedded();
        var inObject = bpf.ProgramNames.ToHashSet();
        foreach (var backend in BackendSelector.PreferenceOrder)
            foreach (bool nonblock in new[] { false, true })
                Assert.All(CapturePrograms.ForSockIo(backend, nonblock), p => Assert.Contains(p, inObject));
        Assert.All(CapturePrograms.ProcessLifecycle, p => Assert.Contains(p, inObject));
    }
}
