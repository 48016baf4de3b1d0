using ProcNetMon2.Bpf.Abi;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Record;

/// <summary>
/// The sockets of a recording and their TCP lifecycle. The owner is the process that connected
/// (connect runs in the caller) or else the first to do I/O, never whoever runs when a state
/// changes in softirq. Closed sockets leave memory once written.
/// </summary>
internal sealed class SocketTable(IRecordingSink sink)
{
    // include/net/tcp_states.h
    private const byte Established = 1, SynSent = 2, SynRecv = 3, FinWait1 = 4, FinWait2 = 5, TimeWait = 6, Close = 7,
        CloseWait = 8, LastAck = 9, Closing = 11;
    private static readonly string[] StateNames =
        ["", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV"];

    /// <summary>A socket's row; what changes on every event is kept beside it, so I/O allocates nothing.</summary>
    private sealed class SocketState(KernelSocketKey key, SocketRecord record)
    {
        public readonly KernelSocketKey Key = key;
        public SocketRecord Record = record;
        public long LastSeenNs = record.LastSeenNs;
        public bool Dirty;
        public bool Closed;
        public bool PassedFin;
    }

    private readonly Dictionary<KernelSocketKey, SocketState> sockets = [];
    private readonly List<SocketState> dirty = [];
    // Sockets closed at the last two flushes, by cookie: their last packets are read up to two flushes later.
    private Dictionary<ulong, long> closedLastFlush = [], closedBefore = [];
    // Payload classified before any event named its socket; forgotten at the next flush but one.
    private Dictionary<ulong, AppProtocol> appsOfUnseenSockets = [], appsOfUnseenSocketsBefore = [];
    private long nextSocketId = 1;
    private readonly TcpIncidentLog incidents = new(sink);

    public int Count => (int)(nextSocketId - 1);

    /// <summary>The socket of one I/O call; its owner is this process when none is known yet.</summary>
    public long OnIo(in SockIoEvent e, long processId, long ts) => OnIo(e, processId, ts, ts);

    /// <summary>
    /// The socket of calls the kernel summed from <paramref name="firstNs"/> to <paramref name="lastNs"/>
    /// (<paramref name="e"/> stands for them). They arrive up to two flushes late: a socket closed and
    /// written since keeps its row.
    /// </summary>
    public long OnSummarizedIo(in SockIoEvent e, long processId, long firstNs, long lastNs) =>
        e.Cookie != 0 && !sockets.ContainsKey(KernelSocketKey.FromCookie(e.Cookie)) && SocketIdOfCookie(e.Cookie) is var closed and not 0
            ? closed
            : OnIo(e, processId, firstNs, lastNs);

    private long OnIo(in SockIoEvent e, long processId, long ts, long lastTs)
    {
        var key = KernelSocketKey.From(e);
        if (!sockets.TryGetValue(key, out var socket))
        {
            socket = Add(key, NewRecord(e.Cookie, e.Family, e.Protocol, e.LocalAddr, e.LocalPort, e.RemoteAddr, e.RemotePort, ts)
                with { Role = e.Protocol == IpProtocol.Udp ? "udp" : null });
        }
        var record = socket.Record;
        if (record.ProcessId == 0 || (record.RemotePort == 0 && e.RemotePort != 0))
        {
            socket.Record = record with
            {
                ProcessId = record.ProcessId == 0 ? processId : record.ProcessId,
                // A UDP socket that connects later gets its peer.
                RemoteAddr = record.RemotePort == 0 ? AddressText.Format(e.RemoteAddr, e.Family, emptyWhenUnspecified: true) : record.RemoteAddr,
                RemotePort = record.RemotePort == 0 ? e.RemotePort : record.RemotePort,
            };
        }
        socket.LastSeenNs = Math.Max(lastTs, socket.LastSeenNs);
        Touch(socket);
        return socket.Record.SocketId;
    }

    /// <param name="currentProcess">
    /// Resolves the current task's process; asked only for the transitions that run in the owner's task:
    /// SYN_SENT (connect), and FIN_WAIT1 or LAST_ACK (close or shutdown) of a socket without an owner yet.
    /// </param>
    public void OnState(in SockStateEvent e, long ts, Func<long> currentProcess)
    {
        var key = KernelSocketKey.FromCookie(e.Cookie);
        if (!sockets.TryGetValue(key, out var socket))
            socket = Add(key, NewRecord(e.Cookie, e.Family, IpProtocol.Tcp, e.LocalAddr, e.LocalPort, e.RemoteAddr, e.RemotePort, ts));
        var record = socket.Record;
        if (e.LocalPort != 0 && e.RemotePort != 0)
            record = record with
            {
                LocalAddr = AddressText.Format(e.LocalAddr, e.Family, emptyWhenUnspecified: false),
                LocalPort = e.LocalPort,
                RemoteAddr = AddressText.Format(e.RemoteAddr, e.Family, emptyWhenUnspecified: true),
                RemotePort = e.RemotePort,
            };
        record = e.NewState switch
        {
            SynSent => record with { Role = "client", ConnectNs = ts, ProcessId = currentProcess() },
            FinWait1 or LastAck when record.ProcessId == 0 => record with { ProcessId = currentProcess() },
            Established => record with { EstablishedNs = record.EstablishedNs ?? ts, Role = record.Role ?? (e.OldState == SynRecv ? "server" : null) },
            Close => record with { CloseNs = ts, CloseReason = ResetSeen(record) ? "rst" : socket.PassedFin ? "fin" : null },
            _ => record,
        };
        socket.PassedFin |= e.NewState is FinWait1 or FinWait2 or TimeWait or CloseWait or LastAck or Closing;
        socket.Closed = e.NewState == Close;
        socket.Record = record with { State = e.NewState < StateNames.Length ? StateNames[e.NewState] : e.NewState.ToString() };
        socket.LastSeenNs = Math.Max(ts, socket.LastSeenNs);
        Touch(socket);
    }

    /// <summary>The process that accepted a server socket owns it, whether or not it ever carries payload.</summary>
    public void OnAccept(in SockAcceptEvent e, long processId, long ts)
    {
        var key = KernelSocketKey.FromCookie(e.Cookie);
        if (!sockets.TryGetValue(key, out var socket))
        {
            // Reset while it waited in the backlog: its row is written and forgotten already.
            if (SocketIdOfCookie(e.Cookie) != 0)
                return;
            socket = Add(key, NewRecord(e.Cookie, e.Family, IpProtocol.Tcp, e.LocalAddr, e.LocalPort, e.RemoteAddr, e.RemotePort, ts));
        }
        socket.Record = socket.Record with { ProcessId = processId, Role = "server" };
        socket.LastSeenNs = Math.Max(ts, socket.LastSeenNs);
        Touch(socket);
    }

    /// <summary>
    /// Counts a reset, or each retransmitted segment of the event, on its socket and logs it with its time; see
    /// <see cref="TcpIncidentLog"/> for unseen sockets.
    /// </summary>
    public void OnIncident(in TcpIncidentEvent e, long ts)
    {
        var kind = e.Incident.ToRecorded();
        sockets.TryGetValue(KernelSocketKey.FromCookie(e.Cookie), out var socket);
        for (uint i = 0; i < e.Count; i++)
        {
            if (socket is not null)
                CountIncident(socket, ts, kind);
            else
                incidents.Hold(e.Cookie, ts, kind);
        }
    }

    private void CountIncident(SocketState socket, long ts, TcpIncident kind)
    {
        var record = socket.Record;
        socket.Record = kind switch
        {
            TcpIncident.Retransmit => record with { Retransmits = record.Retransmits + 1 },
            TcpIncident.ResetSent => record with { ResetsSent = record.ResetsSent + 1, CloseReason = record.CloseNs is null ? null : "rst" },
            TcpIncident.ResetReceived => record with { ResetsReceived = record.ResetsReceived + 1, CloseReason = record.CloseNs is null ? null : "rst" },
            _ => record,
        };
        incidents.Add(ts, record.SocketId, kind);
        Touch(socket);
    }

    /// <summary>
    /// Classifies a socket from the first bytes of one of its first packets. A signature beats a
    /// well-known port; packets of a socket no event has named yet (a datagram leaves inside the
    /// send call, before the call's event) are classified when the socket appears.
    /// </summary>
    public void OnPayload(in PayloadPrefixEvent e)
    {
        var app = ProtocolClassifier.FromPayload(((ReadOnlySpan<byte>)e.Data)[..Math.Min((int)e.Length, AbiLimits.PayloadPrefixLen)],
            tcp: e.Protocol == IpProtocol.Tcp);
        if (app is null)
            return;
        if (sockets.TryGetValue(KernelSocketKey.FromCookie(e.Cookie), out var socket))
            Classify(socket, app);
        else
            appsOfUnseenSockets[e.Cookie] = app;
    }

    private void Classify(SocketState socket, AppProtocol app)
    {
        if (socket.Record.AppMethod == "payload")
            return;
        socket.Record = socket.Record with { App = app.Name, AppMethod = app.Method, AppDetail = app.Detail };
        Touch(socket);
    }

    /// <summary>The socket a packet belonged to, or 0 when no event named it (packets of unrecorded sockets).</summary>
    public long SocketIdOfCookie(ulong cookie) =>
        sockets.TryGetValue(KernelSocketKey.FromCookie(cookie), out var socket) ? socket.Record.SocketId
        : closedLastFlush.TryGetValue(cookie, out long id) ? id
        : closedBefore.GetValueOrDefault(cookie);

    /// <summary>Writes every changed socket; forgets the closed ones.</summary>
    public void Flush()
    {
        (closedBefore, closedLastFlush) = (closedLastFlush, closedBefore);
        closedLastFlush.Clear();
        (appsOfUnseenSocketsBefore, appsOfUnseenSockets) = (appsOfUnseenSockets, appsOfUnseenSocketsBefore);
        appsOfUnseenSockets.Clear();
        foreach (var socket in dirty)
        {
            sink.UpsertSocket(socket.Record with { LastSeenNs = socket.LastSeenNs });
            socket.Dirty = false;
            if (socket.Closed)
            {
                sockets.Remove(socket.Key);
                closedLastFlush[socket.Key.Cookie] = socket.Record.SocketId;
            }
        }
        dirty.Clear();
        incidents.Flush(SocketIdOfCookie);
    }

    private static bool ResetSeen(SocketRecord record) => record.ResetsSent + record.ResetsReceived > 0;

    private SocketState Add(KernelSocketKey key, SocketRecord record)
    {
        var app = key.Cookie != 0 && (appsOfUnseenSockets.Remove(key.Cookie, out var seen) || appsOfUnseenSocketsBefore.Remove(key.Cookie, out seen))
            ? seen
            : ProtocolClassifier.FromPort(record.LocalPort, record.RemotePort, tcp: record.Protocol == IpProtocol.Tcp);
        if (app is not null)
            record = record with { App = app.Name, AppMethod = app.Method, AppDetail = app.Detail };
        var socket = new SocketState(key, record);
        sockets[key] = socket;
        Touch(socket);
        if (key.Cookie != 0)
            foreach (var (ts, kind) in incidents.Claim(key.Cookie))
                CountIncident(socket, ts, kind);
        return socket;
    }

    private void Touch(SocketState socket)
    {
        if (!socket.Dirty)
        {
            socket.Dirty = true;
            dirty.Add(socket);
        }
    }

    private SocketRecord NewRecord(ulong cookie, ushort family, byte protocol, ReadOnlySpan<byte> localAddr, ushort localPort,
        ReadOnlySpan<byte> remoteAddr, ushort remotePort, long ts) => new()
    {
        SocketId = nextSocketId++,
        ProcessId = 0,
        Cookie = cookie == 0 ? null : (long)cookie,
        Family = family,
        Protocol = protocol,
        LocalAddr = AddressText.Format(localAddr, family, emptyWhenUnspecified: false),
        LocalPort = localPort,
        RemoteAddr = AddressText.Format(remoteAddr, family, emptyWhenUnspecified: true),
        RemotePort = remotePort,
        FirstSeenNs = ts,
        LastSeenNs = ts,
    };
}
