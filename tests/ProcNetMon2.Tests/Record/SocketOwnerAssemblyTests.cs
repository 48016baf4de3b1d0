using System.Runtime.InteropServices;
using System.Text;
using ProcNetMon2.Record;

namespace ProcNetMon2.Tests.Record;

/// <summary>
/// Who owns a socket, from synthetic ring samples: state changes in softirq name whoever ran, so
/// only connect, accept and close (which run in the owner's task) may set the owner.
/// </summary>
public sealed class SocketOwnerAssemblyTests
{
    private const ulong Cookie = 4242;
    private const uint SoftirqPid = 999, ServerPid = 100, CloserPid = 300;
    private const byte Established = 1, SynRecv = 3, FinWait1 = 4, Close = 7, CloseWait = 8, LastAck = 9;

    private readonly MemorySink rows = new();
    private readonly RecordingAssembler assembler;

    public SocketOwnerAssemblyTests() =>
        assembler = new RecordingAssembler(rows, _ => new ProcfsProcess(null, null, null, null), _ => null);

    [Fact]
    public void The_accepting_process_owns_a_server_socket_that_never_carries_payload()
    {
        State(SoftirqPid, SynRecv, Established);
        Accept(ServerPid, "server");
        State(SoftirqPid, Established, CloseWait);
        State(ServerPid, CloseWait, LastAck);
        State(SoftirqPid, LastAck, Close);

        Assert.Equal((ServerPid, "server"), OwnerAndRole());
    }

    [Fact]
    public void Without_an_accept_event_the_process_that_closes_owns_the_socket()
    {
        State(SoftirqPid, SynRecv, Established);
        State(SoftirqPid, Established, CloseWait);
        State(CloserPid, CloseWait, LastAck);
        State(SoftirqPid, LastAck, Close);

        Assert.Equal((CloserPid, "server"), OwnerAndRole());
    }

    [Fact]
    public void Closing_first_also_names_the_owner()
    {
        State(SoftirqPid, SynRecv, Established);
        State(CloserPid, Established, FinWait1);

        Assert.Equal((CloserPid, "server"), OwnerAndRole());
    }

    [Fact]
    public void A_known_owner_is_kept_when_another_process_closes()
    {
        State(SoftirqPid, SynRecv, Established);
        Accept(ServerPid, "server");
        State(CloserPid, Established, FinWait1);

        Assert.Equal((ServerPid, "server"), OwnerAndRole());
    }

    [Fact]
    public void Transitions_in_softirq_never_name_an_owner()
    {
        State(SoftirqPid, SynRecv, Established);
        State(SoftirqPid, Established, Close);

        Assert.Equal((0u, "server"), OwnerAndRole());
    }

    [Fact]
    public void An_accept_before_any_state_event_creates_the_socket_with_its_endpoints()
    {
        Accept(ServerPid, "server");

        assembler.Flush();
        var socket = Assert.Single(rows.Sockets.Values);
        Assert.Equal(("127.0.0.1", 8080, "127.0.0.1", 50000), (socket.LocalAddr, socket.LocalPort, socket.RemoteAddr, socket.RemotePort));
        Assert.Equal((ServerPid, "server"), OwnerAndRole());
    }

    private (uint Pid, string? Role) OwnerAndRole()
    {
        assembler.Flush();
        var socket = Assert.Single(rows.Sockets.Values);
        return (socket.ProcessId == 0 ? 0 : (uint)rows.Processes[socket.ProcessId].Pid, socket.Role);
    }

    private long clock = 1_000;

    private void State(uint pid, byte oldState, byte newState)
    {
        var e = new SockStateEvent { Header = Header(EventKind.SockState, pid), Cookie = Cookie, SockId = 1, Family = 2,
            LocalPort = 8080, RemotePort = 50000, OldState = oldState, NewState = newState };
        Loopback(e.LocalAddr);
        Loopback(e.RemoteAddr);
        Feed(e);
    }

    private void Accept(uint pid, string comm)
    {
        var e = new SockAcceptEvent { Header = Header(EventKind.SockAccept, pid), Cookie = Cookie, SockId = 1, Family = 2,
            LocalPort = 8080, RemotePort = 50000 };
        Loopback(e.LocalAddr);
        Loopback(e.RemoteAddr);
        Encoding.ASCII.GetBytes(comm).CopyTo(e.Comm);
        Feed(e);
    }

    private EventHeader Header(EventKind kind, uint pid) => new() { TimestampNs = (ulong)(clock += 1_000), Pid = pid, Tid = pid, Kind = kind };

    private static void Loopback(Span<byte> address) => new byte[] { 127, 0, 0, 1 }.CopyTo(address);

    private void Feed<T>(T sample) where T : struct =>
        assembler.OnSample(MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref sample, 1)));
}
