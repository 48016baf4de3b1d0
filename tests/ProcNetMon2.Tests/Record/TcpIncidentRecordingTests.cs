using ProcNetMon2.Bpf.Abi;
using ProcNetMon2.Record;

namespace ProcNetMon2.Tests.Record;

/// <summary>Retransmits and resets as the recorder writes them: timestamped records beside the socket's counters.</summary>
public sealed class TcpIncidentRecordingTests
{
    private const ulong Cookie = 0xC0FFEE, OtherCookie = 0xBEEF;
    private readonly MemorySink sink = new();
    private readonly RecordingAssembler assembler;

    public TcpIncidentRecordingTests() =>
        assembler = new RecordingAssembler(sink, _ => new ProcfsProcess(null, null, 1000, 1), _ => null);

    [Fact]
    public void An_incident_of_a_known_socket_is_counted_on_it_and_kept_with_its_time()
    {
        Io(1_000, Cookie);
        Incident(2_000, Cookie, EventTcpIncident.Retransmit);
        Incident(3_000, Cookie, EventTcpIncident.ResetReceived);
        assembler.Flush();

        var socket = sink.SocketUpserts[^1];
        Assert.Equal((1L, 1L), (socket.Retransmits, socket.ResetsReceived));
        Assert.Equal([new(2_000, socket.SocketId, TcpIncident.Retransmit), new(3_000, socket.SocketId, TcpIncident.ResetReceived)], sink.TcpIncidents);
    }

    [Fact]
    public void Each_segment_the_kernel_counted_for_one_retransmit_event_is_a_retransmit()
    {
        Io(1_000, Cookie);
        Incident(2_000, Cookie, EventTcpIncident.Retransmit, count: 3);
        Incident(2_500, OtherCookie, EventTcpIncident.Retransmit, count: 2);
        Io(3_000, OtherCookie);
        assembler.Flush();

        var socket = sink.SocketUpserts.Single(s => s.Cookie == (long)Cookie);
        var other = sink.SocketUpserts.Single(s => s.Cookie == (long)OtherCookie);
        Assert.Equal((3L, 2L), (socket.Retransmits, other.Retransmits));
        Assert.Equal([.. Enumerable.Repeat(new TcpIncidentRecord(2_000, socket.SocketId, TcpIncident.Retransmit), 3),
                      .. Enumerable.Repeat(new TcpIncidentRecord(2_500, other.SocketId, TcpIncident.Retransmit), 2)],
            sink.TcpIncidents);
    }

    [Fact]
    public void A_retransmit_before_the_sockets_first_event_in_the_same_flush_is_not_lost()
    {
        Incident(500, Cookie, EventTcpIncident.Retransmit);
        Io(1_000, Cookie);
        assembler.Flush();

        var socket = sink.SocketUpserts[^1];
        Assert.Equal(1, socket.Retransmits);
        Assert.Equal([new TcpIncidentRecord(500, socket.SocketId, TcpIncident.Retransmit)], sink.TcpIncidents);
    }

    [Fact]
    public void A_retransmit_is_held_for_a_flush_for_a_socket_that_appears_in_the_next()
    {
        Incident(500, Cookie, EventTcpIncident.Retransmit);
        assembler.Flush();
        Assert.Empty(sink.TcpIncidents);
        Io(1_500, Cookie);
        assembler.Flush();

        var socket = sink.SocketUpserts[^1];
        Assert.Equal(1, socket.Retransmits);
        Assert.Equal([new TcpIncidentRecord(500, socket.SocketId, TcpIncident.Retransmit)], sink.TcpIncidents);
    }

    [Fact]
    public void An_incident_of_a_socket_no_event_names_is_written_without_a_socket_after_a_flush()
    {
        Io(100, Cookie);
        Incident(500, OtherCookie, EventTcpIncident.ResetSent);
        assembler.Flush();
        assembler.Flush();

        Assert.Equal([new TcpIncidentRecord(500, 0, TcpIncident.ResetSent)], sink.TcpIncidents);
        Assert.All(sink.SocketUpserts, s => Assert.Equal(0, s.ResetsSent));
    }

    private void Io(long ts, ulong cookie) => assembler.OnSample(RingSamples.Bytes(RingSamples.SockIo(ts, pid: 4242, cookie)));

    private void Incident(long ts, ulong cookie, EventTcpIncident kind, uint count = 1) =>
        assembler.OnSample(RingSamples.Bytes(RingSamples.Incident(ts, cookie, kind, count)));
}
