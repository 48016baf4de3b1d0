using ProcNetMon2.Record;

namespace ProcNetMon2.Tests.Record;

/// <summary>Process rows from synthetic ring samples: a row per pid and program image, and names for events that carry none.</summary>
public sealed class ProcessAssemblyTests : IDisposable
{
    private const int Pid = 3100, ParentPid = 1;
    private const byte Close = 7, SynSent = 2;
    private readonly TemporaryDirectory directory = new();

    [Fact]
    public void A_reused_pid_is_a_new_process_and_its_sockets_are_not_the_old_ones()
    {
        var recording = AssembledRecording.Of(directory, NoProcfs, assembler =>
        {
            Feed(assembler, RingSamples.Exec(1_000, Pid, ParentPid, "first", "/usr/bin/first"));
            Feed(assembler, RingSamples.SockIo(2_000, Pid, cookie: 1, comm: "first"));
            Feed(assembler, RingSamples.Exit(3_000, Pid, exitCode: 256, comm: "first"));
            Feed(assembler, RingSamples.Fork(4_000, ParentPid, Pid, "init"));
            Feed(assembler, RingSamples.Exec(5_000, Pid, ParentPid, "second", "/usr/bin/second"));
            Feed(assembler, RingSamples.SockIo(6_000, Pid, cookie: 2, comm: "second"));
        });

        var rows = recording.ReadProcesses().Where(p => p.Pid == Pid).OrderBy(p => p.FirstSeenNs).ToList();
        var expected = new (string Comm, long? ExecNs, long? ForkNs, long? ExitNs, int? ExitCode)[]
        {
            ("first", 1_000, null, 3_000, 256),
            ("init", null, 4_000, null, null),
            ("second", 5_000, null, null, null),
        };
        Assert.Equal(expected, rows.Select(p => (p.Comm, p.ExecNs, p.ForkNs, p.ExitNs, p.ExitCode)));
        Assert.Equal(("/usr/bin/first", "/usr/bin/second"), (rows[0].Exe, rows[2].Exe));
        var owners = recording.ReadSockets().OrderBy(s => s.Cookie).Select(s => s.ProcessId);
        Assert.Equal([rows[0].ProcessId, rows[2].ProcessId], owners);
    }

    [Fact]
    public void Io_before_and_after_an_exec_belongs_to_the_image_that_made_it()
    {
        var recording = AssembledRecording.Of(directory, NoProcfs, assembler =>
        {
            Feed(assembler, RingSamples.SockIo(1_000, Pid, cookie: 1, comm: "shell"));
            Feed(assembler, RingSamples.Exec(2_000, Pid, ParentPid, "tool", "/usr/bin/tool"));
            Feed(assembler, RingSamples.SockIo(3_000, Pid, cookie: 1, comm: "tool"));
        });

        var processes = recording.ReadProcesses().ToDictionary(p => p.ProcessId);
        Assert.Equal(["shell", "tool"], recording.ReadEvents().Select(e => processes[e.ProcessId].Comm));
    }

    [Fact]
    public void A_connect_of_a_process_no_event_named_takes_its_name_from_the_proc_reader()
    {
        var recording = AssembledRecording.Of(directory, pid => new ProcfsProcess("/usr/bin/curl", "curl example.org", 1000, 1) { Comm = $"curl-{pid}" },
            assembler => assembler.OnSample(RingSamples.Bytes(RingSamples.State(1_000, Pid, cookie: 7, Close, SynSent))));

        var process = Assert.Single(recording.ReadProcesses());
        Assert.Equal(($"curl-{Pid}", "/usr/bin/curl", Pid), (process.Comm, process.Exe, process.Pid));
        Assert.Equal(process.ProcessId, Assert.Single(recording.ReadSockets()).ProcessId);
    }

    [Fact]
    public void A_connect_of_a_process_gone_from_proc_is_named_with_a_question_mark()
    {
        var recording = AssembledRecording.Of(directory, NoProcfs,
            assembler => assembler.OnSample(RingSamples.Bytes(RingSamples.State(1_000, Pid, cookie: 7, Close, SynSent))));

        Assert.Equal("?", Assert.Single(recording.ReadProcesses()).Comm);
    }

    private static ProcfsProcess NoProcfs(int pid) => new(null, null, null, null);

    private static void Feed<T>(RecordingAssembler assembler, T sample) where T : struct => assembler.OnSample(RingSamples.Bytes(sample));

    public void Dispose() => directory.Dispose();
}
