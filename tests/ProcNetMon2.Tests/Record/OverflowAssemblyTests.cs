using System.Text;
using ProcNetMon2.Bpf.Abi;
using ProcNetMon2.Record;

namespace ProcNetMon2.Tests.Record;

/// <summary>Overflow map entries become summarized I/O with the same process and socket rows a ring event would get.</summary>
public sealed class OverflowAssemblyTests : IDisposable
{
    private const ulong Cookie = 0xC00C1E;
    private const int Pid = 4100, Tid = 4101;
    private readonly TemporaryDirectory directory = new();

    [Fact]
    public void An_entry_no_event_named_creates_its_process_and_socket()
    {
        var recording = Assemble(assembler =>
            assembler.OnOverflow([Entry(Cookie, Pid, Tid, EventDirection.Tx, bytes: 640_000, calls: 10_000, firstNs: 1_000, lastNs: 9_000)]));

        var process = Assert.Single(recording.ReadProcesses());
        Assert.Equal((Pid, "flood", "/usr/bin/flood"), (process.Pid, process.Comm, process.Exe));
        var socket = Assert.Single(recording.ReadSockets());
        Assert.Equal((process.ProcessId, (long?)Cookie, IpProtocol.Udp, "127.0.0.1", 40000, "127.0.0.2", 53, "udp"),
            (socket.ProcessId, socket.Cookie, socket.Protocol, socket.LocalAddr, socket.LocalPort, socket.RemoteAddr, socket.RemotePort, socket.Role));
        Assert.Equal((1_000L, 9_000L), (socket.FirstSeenNs, socket.LastSeenNs));
        var summary = Assert.Single(recording.ReadSummarizedIo());
        Assert.Equal(new SummarizedIoRecord
        {
            WindowStartNs = 1_000, WindowEndNs = 9_000, ProcessId = process.ProcessId, Tid = Tid, SocketId = socket.SocketId,
            Direction = Direction.Tx, Bytes = 640_000, Calls = 10_000,
        }, summary);
        Assert.Empty(recording.ReadEvents());
    }

    [Fact]
    public void An_entry_of_a_socket_and_process_events_named_uses_their_rows()
    {
        var recording = Assemble(assembler =>
        {
            assembler.OnSample(RingSamples.Bytes(SockIo(Cookie, Pid, Tid, ts: 500, bytes: 64)));
            assembler.OnOverflow([Entry(Cookie, Pid, Tid + 1, EventDirection.Rx, bytes: 128, calls: 2, firstNs: 600, lastNs: 700)]);
        });

        var process = Assert.Single(recording.ReadProcesses());
        var socket = Assert.Single(recording.ReadSockets());
        var summary = Assert.Single(recording.ReadSummarizedIo());
        Assert.Equal((process.ProcessId, socket.SocketId, Tid + 1, Direction.Rx), (summary.ProcessId, summary.SocketId, summary.Tid, summary.Direction));
        Assert.Equal((500L, 700L), (socket.FirstSeenNs, socket.LastSeenNs));
    }

    [Fact]
    public void An_entry_drained_after_its_socket_closed_and_its_process_exited_keeps_their_rows()
    {
        var recording = Assemble(assembler =>
        {
            assembler.OnSample(RingSamples.Bytes(SockIo(Cookie, Pid, Tid, ts: 500, bytes: 64)));
            assembler.OnSample(RingSamples.Bytes(RingSamples.State(800, Pid, Cookie, oldState: 1, newState: 7, localPort: 40000, remoteAddr: "127.0.0.2", remotePort: 53)));
            assembler.OnSample(RingSamples.Bytes(RingSamples.Exit(900, Pid)));
            assembler.Flush();
            // Summed before the close, drained a flush later.
            assembler.OnOverflow([Entry(Cookie, Pid, Tid, EventDirection.Tx, bytes: 6400, calls: 100, firstNs: 600, lastNs: 790)]);
        });

        var process = Assert.Single(recording.ReadProcesses());
        Assert.Equal(900L, process.ExitNs);
        var socket = Assert.Single(recording.ReadSockets());
        Assert.Equal("CLOSE", socket.State);
        var summary = Assert.Single(recording.ReadSummarizedIo());
        Assert.Equal((process.ProcessId, socket.SocketId), (summary.ProcessId, summary.SocketId));
    }

    private IRecordingSource Assemble(Action<RecordingAssembler> feed) =>
        AssembledRecording.Of(directory, _ => new ProcfsProcess("/usr/bin/flood", "flood", 0, 1), feed);

    private static (SockIoOverflowKey, SockIoOverflow) Entry(ulong cookie, int pid, int tid, EventDirection direction, ulong bytes, ulong calls,
        ulong firstNs, ulong lastNs)
    {
        var key = new SockIoOverflowKey { Cookie = cookie, SockId = RingSamples.SockId, PidTgid = (ulong)pid << 32 | (uint)tid, Direction = direction };
        var sum = new SockIoOverflow
        {
            Bytes = bytes, Calls = calls, FirstNs = firstNs, LastNs = lastNs,
            LocalPort = 40000, RemotePort = 53, Family = AddressFamily.Inet, Protocol = IpProtocol.Udp,
        };
        RingSamples.IPv4("127.0.0.1", sum.LocalAddr);
        RingSamples.IPv4("127.0.0.2", sum.RemoteAddr);
        Encoding.ASCII.GetBytes("flood").CopyTo(sum.Comm);
        return (key, sum);
    }

    private static SockIoEvent SockIo(ulong cookie, int pid, int tid, long ts, uint bytes) =>
        RingSamples.SockIo(ts, pid, cookie, bytes, protocol: IpProtocol.Udp, remotePort: 53, tid: tid, comm: "flood");

    public void Dispose() => directory.Dispose();
}
