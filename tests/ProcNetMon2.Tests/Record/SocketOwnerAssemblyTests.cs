using ProcNetMon2.Record;

namespace ProcNetMon2.Tests.Record;

/// <summary>
/// Who owns a socket, from synthetic ring samples: state changes in softirq name whoever ran, so
/// only connect, accept and close (which run in the owner's task) may set the owner.
/// </summary>
public sealed class SocketOwnerAssemblyTests
{
    private const ulong Cookie = 4242;
    private const int SoftirqPid = 999, ServerPid = 100, CloserPid = 300;
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

        Assert.Equal((0, "server"), OwnerAndRole());
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

    private (int Pid, string? Role) OwnerAndRole()
    {
        assembler.Flush();
        var socket = Assert.Single(rows.Sockets.Values);
        return (socket.ProcessId == 0 ? 0 : rows.Processes[socket.ProcessId].Pid, socket.Role);
    }

    private long clock = 1_000;

    private void State(int pid, byte oldState, byte newState) =>
        assembler.OnSample(RingSamples.Bytes(RingSamples.State(clock += 1_000, pid, Cookie, oldState, newState)));

    private void Accept(int pid, string comm) =>
        assembler.OnSample(RingSamples.Bytes(RingSamples.Accept(clock += 1_000, pid, Cookie, comm)));
}
