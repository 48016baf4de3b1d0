using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ProcNetMon2.Bpf.Abi;

namespace ProcNetMon2.Tests.Bpf;

public sealed class AbiLayoutTests
{
    private static readonly Lazy<CLayout> RepositoryLayout = new(() => AbiLayoutProbe.Measure(AbiLayoutProbe.RepositoryHeaderText));

    [Fact]
    public void The_CSharp_mirror_matches_the_C_header()
    {
        var mismatches = AbiLayoutComparison.Compare(RepositoryLayout.Value, AbiMirror.Pnm);

        Assert.True(mismatches.Count == 0, "bpf/ProcNetMon2.Bpf/Abi/PnmAbi.cs disagrees with bpf/src/pnm_abi.h:\n" + string.Join('\n', mismatches));
    }

    /// <summary>The arm64 build's side of the boundary: the header as an arm64 compiler lays it out, run under qemu-user.</summary>
    [Fact]
    public void The_CSharp_mirror_matches_the_C_header_on_arm64()
    {
        var mismatches = AbiLayoutComparison.Compare(AbiLayoutProbe.Measure(AbiLayoutProbe.RepositoryHeaderText, ProbeToolchain.Arm64), AbiMirror.Pnm);

        Assert.True(mismatches.Count == 0, "bpf/ProcNetMon2.Bpf/Abi/PnmAbi.cs disagrees with bpf/src/pnm_abi.h on arm64:\n" + string.Join('\n', mismatches));
    }

    [Fact]
    public void Every_declaration_of_the_header_is_checked()
    {
        var layout = RepositoryLayout.Value;

        Assert.Equal(["pnm_event_header", "pnm_sock_io_event", "pnm_process_exec_event", "pnm_process_exit_event",
                      "pnm_process_fork_event", "pnm_sock_state_event", "pnm_sock_accept_event", "pnm_tcp_incident_event",
                      "pnm_payload_prefix_event", "pnm_sock_io_overflow_key", "pnm_sock_io_overflow", "pnm_flow_key", "pnm_flow_counts"],
            layout.Structs.Select(s => s.Name));
        Assert.Equal([6, 13, 5, 4, 4, 10, 10, 7, 8, 7, 12, 9, 4], layout.Structs.Select(s => s.Fields.Count));
        Assert.Equal(["pnm_event_kind", "pnm_tcp_incident", "pnm_direction", "pnm_capture_counter"], layout.Enums.Select(e => e.Name));
        Assert.Equal(["PNM_COMM_LEN", "PNM_FILENAME_LEN", "PNM_ADDR_LEN", "PNM_PAYLOAD_PREFIX_LEN", "PNM_CAPTURE_COUNTERS"], layout.Defines);
    }

    [Theory]
    [InlineData("LocalAddr", "local_addr")]
    [InlineData("TimestampNs", "timestamp_ns")]
    [InlineData("Reserved16", "reserved16")]
    [InlineData("SockIo", "sock_io")]
    [InlineData("Pid", "pid")]
    public void CSharp_names_map_to_C_names(string pascalCase, string snakeCase) =>
        Assert.Equal(snakeCase, AbiLayoutComparison.SnakeCase(pascalCase));

    [Fact]
    public void Managed_offsets_are_right_around_inline_arrays()
    {
        var sockIo = new SockIoEvent();
        ref byte sockIoStart = ref Unsafe.As<SockIoEvent, byte>(ref sockIo);
        var exec = new ProcessExecEvent();
        ref byte execStart = ref Unsafe.As<ProcessExecEvent, byte>(ref exec);

        Assert.Equal(Unsafe.ByteOffset(ref sockIoStart, ref Unsafe.As<Bytes16, byte>(ref sockIo.LocalAddr)), OffsetOf<SockIoEvent>(nameof(SockIoEvent.LocalAddr)));
        Assert.Equal(Unsafe.ByteOffset(ref sockIoStart, ref Unsafe.As<Bytes16, byte>(ref sockIo.RemoteAddr)), OffsetOf<SockIoEvent>(nameof(SockIoEvent.RemoteAddr)));
        Assert.Equal(Unsafe.ByteOffset(ref sockIoStart, ref Unsafe.As<uint, byte>(ref sockIo.Bytes)), OffsetOf<SockIoEvent>(nameof(SockIoEvent.Bytes)));
        Assert.Equal(Unsafe.ByteOffset(ref sockIoStart, ref Unsafe.As<Bytes16, byte>(ref sockIo.Comm)), OffsetOf<SockIoEvent>(nameof(SockIoEvent.Comm)));
        Assert.Equal(Unsafe.ByteOffset(ref execStart, ref Unsafe.As<Bytes128, byte>(ref exec.Filename)), OffsetOf<ProcessExecEvent>(nameof(ProcessExecEvent.Filename)));
        Assert.Equal(128, AbiLayoutManaged.SizeOf(typeof(Bytes128)));
    }

    [Fact]
    public void Swapped_fields_in_the_header_are_reported()
    {
        string header = AbiLayoutProbe.RepositoryHeaderText;
        const string local = "__u16 local_port;", remote = "__u16 remote_port;", placeholder = "@";
        Assert.Contains(local, header);
        Assert.Contains(remote, header);
        string swapped = header.Replace(local, placeholder).Replace(remote, local).Replace(placeholder, remote);

        var mismatches = AbiLayoutComparison.Compare(AbiLayoutProbe.Measure(swapped), AbiMirror.Pnm);

        AssertReported(mismatches, "pnm_sock_io_event: the fields differ");
        AssertReported(mismatches, "pnm_sock_io_event.local_port: offset 78 in C, 76 in C#");
    }

    [Theory]
    [InlineData("__u16 family;", "__u32 family;", "pnm_sock_io_event.family: size 4 in C, 2 in C#")]
    [InlineData("__u32 parent_pid;", "__u32 parent_pid;\n\t__u32 uid;", "pnm_process_exec_event: the fields differ")]
    [InlineData("__s32 exit_code;", "__u32 exit_code;", "pnm_process_exit_event.exit_code: C __u32 needs UInt32")]
    [InlineData("char comm[PNM_COMM_LEN];          /* process name", "__u32 comm[PNM_COMM_LEN]; /*", "pnm_sock_io_event.comm: C __u32[] needs an [InlineArray] of UInt32")]
    [InlineData("PNM_EVENT_PROCESS_EXIT = 3", "PNM_EVENT_PROCESS_EXIT = 4", "PNM_EVENT_PROCESS_EXIT is 4 in C, 3 in C#")]
    [InlineData("PNM_DIRECTION_RX = 1,", "PNM_DIRECTION_RX = 1,\n\tPNM_DIRECTION_BOTH = 2,", "PNM_DIRECTION_BOTH has no counterpart in EventDirection")]
    [InlineData("#define PNM_COMM_LEN 16", "#define PNM_COMM_LEN 32", "PNM_COMM_LEN is 32 in C, 16 in C#")]
    [InlineData("__u32 ifindex;", "__u64 ifindex;", "pnm_flow_key.ifindex: size 8 in C, 4 in C#")]
    [InlineData("PNM_COUNTER_SUMMARIZED = 3,", "PNM_COUNTER_SUMMARIZED = 4,", "PNM_COUNTER_SUMMARIZED is 4 in C, 3 in C#")]
    [InlineData("#define PNM_CAPTURE_COUNTERS 4", "#define PNM_CAPTURE_COUNTERS 5", "PNM_CAPTURE_COUNTERS is 5 in C, 4 in C#")]
    [InlineData("#define PNM_ADDR_LEN 16", "#define PNM_ADDR_LEN 16\n#define PNM_PATH_LEN 256", "#define PNM_PATH_LEN has no counterpart")]
    [InlineData("#endif", "struct pnm_socket_close_event {\n\tstruct pnm_event_header header;\n};\n#endif", "struct pnm_socket_close_event has no C# mirror")]
    public void A_changed_header_is_reported(string original, string replacement, string expectedMismatch)
    {
        string header = AbiLayoutProbe.RepositoryHeaderText;
        Assert.Contains(original, header);

        var mismatches = AbiLayoutComparison.Compare(AbiLayoutProbe.Measure(header.Replace(original, replacement)), AbiMirror.Pnm);

        AssertReported(mismatches, expectedMismatch);
    }

    [Theory]
    [InlineData(typeof(ExitEventWithSwappedFields), "pnm_process_exit_event.exit_code: offset 24 in C, 28 in C#")]
    [InlineData(typeof(ExitEventWithWideExitCode), "pnm_process_exit_event.exit_code: size 4 in C, 8 in C#")]
    [InlineData(typeof(ExitEventWithUnsignedExitCode), "pnm_process_exit_event.exit_code: C __s32 needs Int32")]
    [InlineData(typeof(ExitEventWithoutReserved), "pnm_process_exit_event: the fields differ")]
    [InlineData(typeof(ExitEventWithHiddenField), "pnm_process_exit_event: size 48 in C, 56 in C#")]
    public void A_changed_mirror_is_reported(Type mirror, string expectedMismatch)
    {
        var mismatches = AbiLayoutComparison.Compare(RepositoryLayout.Value, AbiMirror.Pnm.WithStruct("pnm_process_exit_event", mirror));

        AssertReported(mismatches, expectedMismatch);
    }

    private static long OffsetOf<T>(string fieldName) => AbiLayoutManaged.OffsetOf(typeof(T).GetField(fieldName)!);

    private static void AssertReported(IReadOnlyList<string> mismatches, string expected) =>
        Assert.True(mismatches.Any(m => m.Contains(expected, StringComparison.Ordinal)),
            $"expected a mismatch containing \"{expected}\"; the check reported:\n{string.Join('\n', mismatches)}");

    [StructLayout(LayoutKind.Sequential)]
    public struct ExitEventWithSwappedFields
    {
        public EventHeader Header;
        public uint Reserved;
        public int ExitCode;
        public Bytes16 Comm;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct ExitEventWithWideExitCode
    {
        public EventHeader Header;
        public long ExitCode;
        public uint Reserved;
        public Bytes16 Comm;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct ExitEventWithUnsignedExitCode
    {
        public EventHeader Header;
        public uint ExitCode;
        public uint Reserved;
        public Bytes16 Comm;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct ExitEventWithoutReserved
    {
        public EventHeader Header;
        public int ExitCode;
        public Bytes16 Comm;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct ExitEventWithHiddenField
    {
        public EventHeader Header;
        public int ExitCode;
        public uint Reserved;
        public Bytes16 Comm;
        private readonly ulong extra;
    }
}
