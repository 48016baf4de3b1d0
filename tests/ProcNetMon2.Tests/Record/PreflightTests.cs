using ProcNetMon2.Record;

namespace ProcNetMon2.Tests.Record;

public sealed class PreflightTests
{
    private static readonly string[] Tracepoints = [.. CapturePrograms.Tracepoints, .. CapturePrograms.ProcessLifecycle, .. CapturePrograms.Connections];

    private static readonly KernelFacts Capable = new(
        KernelRelease: "6.8.0-test",
        HasBpfCapabilities: true,
        LibbpfVersion: new Version(1, 3),
        HasBtf: true,
        BtfTracepoints: Tracepoints.ToHashSet());

    [Fact]
    public void A_capable_machine_passes() => Preflight.Check(Capable, forcedBackend: null);

    [Theory]
    [InlineData(System.Runtime.InteropServices.Architecture.S390x, "s390x")]
    [InlineData(System.Runtime.InteropServices.Architecture.RiscV64, "riscv64")]
    public void An_architecture_without_BPF_programs_is_refused(System.Runtime.InteropServices.Architecture architecture, string name)
    {
        string message = Refusal(Capable with { Architecture = architecture });

        Assert.Equal($"pnm record runs on x86-64 and arm64, not {name}: no BPF programs are built for it", message);
    }

    [Fact]
    public void Without_capabilities_it_asks_for_root()
    {
        string message = Refusal(Capable with { HasBpfCapabilities = false });

        Assert.Contains("needs root", message);
        Assert.Contains("sudo", message);
    }

    [Fact]
    public void Without_libbpf_it_says_what_to_install()
    {
        string message = Refusal(Capable with { LibbpfVersion = null });

        Assert.Contains("libbpf is not installed", message);
        Assert.Contains("libbpf1", message);
    }

    [Fact]
    public void An_old_libbpf_is_refused_with_both_versions()
    {
        string message = Refusal(Capable with { LibbpfVersion = new Version(0, 8) });

        Assert.Contains("libbpf 0.8 is too old", message);
        Assert.Contains("1.0 or newer", message);
    }

    [Fact]
    public void Without_BTF_it_names_the_kernel_option()
    {
        string message = Refusal(Capable with { HasBtf = false });

        Assert.Contains("kernel 6.8.0-test has no BTF", message);
        Assert.Contains("CONFIG_DEBUG_INFO_BTF", message);
    }

    [Fact]
    public void Without_sock_tracepoints_fentry_or_kprobes_it_names_each_reason_and_the_kernel()
    {
        string message = Refusal(Capable with
        {
            KernelRelease = "5.15.0-91-generic",
            BtfTracepoints = Tracepoints.Except(["sock_send_length"]).ToHashSet(),
        });

        Assert.Contains("kernel 5.15.0-91-generic offers no way to capture socket I/O", message);
        Assert.Contains("tracepoint: no sock:sock_send_length/sock_recv_length tracepoints (Linux 6.3 or newer has them)", message);
        Assert.Contains("fentry: kernel BTF does not describe tcp_sendmsg", message);
        Assert.Contains("not supported", message);
    }

    [Fact]
    public void A_missing_sock_tracepoint_is_fine_when_the_fallbacks_can_hook_the_functions()
    {
        Preflight.Check(Capable with
        {
            BtfTracepoints = Tracepoints.Except(["sock_send_length"]).ToHashSet(),
            FunctionArity = CapturePrograms.KernelFunctions.ToDictionary(f => f, _ => 5),
        }, forcedBackend: null);
    }

    [Fact]
    public void A_forced_backend_that_cannot_work_is_refused_with_its_reason()
    {
        string message = Refusal(Capable with { FunctionArity = CapturePrograms.KernelFunctions.ToDictionary(f => f, _ => 5) },
            SockIoBackend.Kprobe);

        Assert.Contains("kprobe: kernel built without kprobes", message);
    }

    [Fact]
    public void Missing_process_tracepoints_are_all_named()
    {
        string message = Refusal(Capable with { BtfTracepoints = new HashSet<string> { "sock_recv_length", "sock_send_length" } });

        Assert.Contains("tracepoints sched:sched_process_fork, sched:sched_process_exec, sched:sched_process_exit", message);
    }

    [Fact]
    public void The_first_problem_is_the_one_reported()
    {
        string message = Refusal(new KernelFacts("6.8.0-test", false, null, false, new HashSet<string>()));

        Assert.Contains("needs root", message);
    }

    /// <summary>The refusal's message, which pnm prints after "pnm: " as the only line on stderr.</summary>
    private static string Refusal(KernelFacts facts, SockIoBackend? forced = null)
    {
        var refusal = Assert.Throws<RecordException>(() => Preflight.Check(facts, forced));
        Assert.DoesNotContain('\n', refusal.Message);
        return refusal.Message;
    }
}
