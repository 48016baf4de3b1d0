using System.Text;
using ProcNetMon2.Bpf.Abi;
using ProcNetMon2.Record;

namespace ProcNetMon2.Tests.Record;

/// <summary>What the recorder makes of a socket's events, from synthetic ring samples: peers, close reasons, protocols, forgetting.</summary>
public sealed class SocketAssemblyTests : IDisposable
{
    private const ulong Cookie = 0x5EED;
    private const int Pid = 2100;
    // include/net/tcp_states.h
    private const byte Established = 1, SynSent = 2, FinWait1 = 4, FinWait2 = 5, Close = 7;
    private readonly TemporaryDirectory directory = new();

    [Fact]
    public void An_unconnected_UDP_socket_gets_its_peer_from_the_first_call_that_names_one_and_keeps_it()
    {
        var socket = OneSocket(assembler =>
        {
            Feed(assembler, RingSamples.SockIo(1_000, Pid, Cookie, protocol: IpProtocol.Udp, remoteAddr: "0.0.0.0", remotePort: 0));
            assembler.Flush();
            Feed(assembler, RingSamples.SockIo(2_000, Pid, Cookie, protocol: IpProtocol.Udp, remoteAddr: "10.0.0.53", remotePort: 5353));
            Feed(assembler, RingSamples.SockIo(3_000, Pid, Cookie, protocol: IpProtocol.Udp, remoteAddr: "10.0.0.54", remotePort: 5354));
        });

        Assert.Equal(("udp", "10.0.0.53", 5353), (socket.Role, socket.RemoteAddr, socket.RemotePort));
        Assert.Equal((1_000L, 3_000L), (socket.FirstSeenNs, socket.LastSeenNs));
    }

    [Fact]
    public void A_connection_that_passed_through_a_fin_state_closes_with_fin()
    {
        var socket = OneSocket(assembler => Connect(assembler, FinWait1, FinWait2, Close));

        Assert.Equal(("fin", "CLOSE", "client"), (socket.CloseReason, socket.State, socket.Role));
        Assert.Equal(5_000L, socket.CloseNs);
    }

    [Theory]
    [InlineData(EventTcpIncident.ResetReceived)]
    [InlineData(EventTcpIncident.ResetSent)]
    public void A_reset_before_the_close_makes_it_a_reset(EventTcpIncident reset)
    {
        var socket = OneSocket(assembler =>
        {
            Connect(assembler);
            Feed(assembler, RingSamples.Incident(5_000, Cookie, reset));
            Feed(assembler, RingSamples.State(6_000, 0, Cookie, Established, Close));
        });

        Assert.Equal("rst", socket.CloseReason);
        Assert.Equal(1, socket.ResetsSent + socket.ResetsReceived);
    }

    [Fact]
    public void A_reset_after_the_close_still_makes_it_a_reset()
    {
        var socket = OneSocket(assembler =>
        {
            Connect(assembler, Close);
            Feed(assembler, RingSamples.Incident(5_000, Cookie, EventTcpIncident.ResetSent));
        });

        Assert.Equal(("rst", 1L), (socket.CloseReason, socket.ResetsSent));
    }

    [Fact]
    public void A_close_without_fin_or_reset_has_no_reason()
    {
        var socket = OneSocket(assembler => Connect(assembler, Close));

        Assert.Equal("CLOSE", socket.State);
        Assert.Null(socket.CloseReason);
    }

    [Fact]
    public void Payload_classified_before_the_socket_is_seen_labels_it_when_it_appears_a_flush_later()
    {
        var socket = OneSocket(assembler =>
        {
            Feed(assembler, SshBanner(500));
            assembler.Flush();
            Feed(assembler, RingSamples.SockIo(1_000, Pid, Cookie, remotePort: 2222));
        });

        Assert.Equal(("ssh", "payload"), (socket.App, socket.AppMethod));
    }

    [Fact]
    public void Payload_of_a_socket_no_event_names_for_two_flushes_is_forgotten()
    {
        var socket = OneSocket(assembler =>
        {
            Feed(assembler, SshBanner(500));
            assembler.Flush();
            assembler.Flush();
            Feed(assembler, RingSamples.SockIo(1_000, Pid, Cookie, remotePort: 2222));
        });

        Assert.Null(socket.App);
    }

    [Fact]
    public void A_closed_socket_is_written_and_forgotten_its_cookie_resolving_for_two_more_flushes()
    {
        long id = 0;
        var recording = AssembledRecording.Of(directory, NoProcfs, assembler =>
        {
            Connect(assembler, Close);
            id = assembler.SocketIdOfCookie(Cookie);
            assembler.Flush();
            Assert.Equal(id, assembler.SocketIdOfCookie(Cookie));
            assembler.Flush();
            Assert.Equal(id, assembler.SocketIdOfCookie(Cookie));
            assembler.Flush();
            Assert.Equal(0, assembler.SocketIdOfCookie(Cookie));
        });

        var socket = Assert.Single(recording.ReadSockets());
        Assert.Equal((id, "CLOSE"), (socket.SocketId, socket.State));
    }

    [Fact]
    public void An_open_socket_is_remembered_across_flushes()
    {
        var recording = AssembledRecording.Of(directory, NoProcfs, assembler =>
        {
            Connect(assembler);
            assembler.Flush();
            assembler.Flush();
            assembler.Flush();
            Feed(assembler, RingSamples.SockIo(9_000, Pid, Cookie));
        });

        var socket = Assert.Single(recording.ReadSockets());
        Assert.Equal(9_000L, socket.LastSeenNs);
    }

    /// <summary>connect() from <see cref="Pid"/> at 1 µs, established at 2 µs, then the given states from 3 µs on, one µs apart.</summary>
    private static void Connect(RecordingAssembler assembler, params byte[] then)
    {
        Feed(assembler, RingSamples.State(1_000, Pid, Cookie, Close, SynSent, remotePort: 443));
        Feed(assembler, RingSamples.State(2_000, 0, Cookie, SynSent, Established, remotePort: 443));
        byte state = Established;
        long ts = 3_000;
        foreach (byte next in then)
        {
            Feed(assembler, RingSamples.State(ts, 0, Cookie, state, next, remotePort: 443));
            (state, ts) = (next, ts + 1_000);
        }
    }

    private static PayloadPrefixEvent SshBanner(long ts) =>
        RingSamples.Payload(ts, Cookie, IpProtocol.Tcp, Encoding.ASCII.GetBytes("SSH-2.0-OpenSSH_9.6\r\n"), remotePort: 2222);

    private SocketRecord OneSocket(Action<RecordingAssembler> feed) => Assert.Single(AssembledRecording.Of(directory, NoProcfs, feed).ReadSockets());

    private static ProcfsProcess NoProcfs(int pid) => new(null, null, null, null);

    private static void Feed<T>(RecordingAssembler assembler, T sample) where T : struct => assembler.OnSample(RingSamples.Bytes(sample));

    public void Dispose() => directory.Dispose();
}
