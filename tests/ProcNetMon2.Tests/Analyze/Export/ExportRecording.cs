namespace ProcNetMon2.Tests.Analyze.Export;

/// <summary>
/// The small fixed recording the export golden files are written from: processes with and without
/// exe, uid, user name and container, TCP and UDP sockets over IPv4 and IPv6 with and without an
/// app label, an unconnected UDP socket (remote_addr ''), names that need quoting, and one event
/// whose process and socket the recording does not describe. The start is 2025-01-01T00:00:00Z.
/// </summary>
internal static class ExportRecording
{
    public static TestRecording Create() => new TestRecording().StoppedAt(4)
        .Process(new ProcessRecord { ProcessId = 1, Pid = 1200, Comm = "curl", Exe = "/usr/bin/curl", Uid = 1000, UserName = "alice", FirstSeenNs = TestRecording.StartedNs })
        .Process(new ProcessRecord
        {
            ProcessId = 2, Pid = 3000, Comm = "nginx", Exe = "/usr/sbin/nginx", Uid = 33, UserName = "www-data", Container = "0123456789ab",
            FirstSeenNs = TestRecording.StartedNs,
        })
        .Process(3, 4321, "my,app \"v2\"")
        .Socket(Tcp(10, processId: 1, "10.0.0.5", 43512, "93.184.216.34", 443, app: "tls"))
        .Socket(Tcp(11, processId: 2, "2001:db8::1", 443, "2001:db8::2", 50122, app: "http2") with { Family = AddressFamily.Inet6 })
        .Socket(Tcp(12, processId: 3, "0.0.0.0", 5353, "", 0, app: null) with { Protocol = IpProtocol.Udp })
        .Socket(Tcp(13, processId: 3, "127.0.0.1", 8080, "127.0.0.1", 40000, app: "http"))
        .Tx(0.1, 1, socketId: 10, bytes: 517)
        .Rx(0.5, 1, socketId: 10, bytes: 1_572_864)
        .Rx(1.25, 2, socketId: 11, bytes: 2048)
        .Tx(1.2500001, 2, socketId: 11, bytes: 65_536)
        .Tx(2.0, 3, socketId: 12, bytes: 100)
        .Rx(2.0000002, 3, socketId: 13, bytes: 50)
        .Tx(2.5, 99, socketId: 14, bytes: 7)
        .Summarized(3.0, 1, socketId: 10, Direction.Rx, bytes: 4096, calls: 4)
        .Rx(3.999999999, 2, socketId: 11, bytes: 300);

    private static SocketRecord Tcp(long socketId, long processId, string localAddr, int localPort, string remoteAddr, int remotePort, string? app) => new()
    {
        SocketId = socketId, ProcessId = processId, Family = AddressFamily.Inet, Protocol = IpProtocol.Tcp,
        LocalAddr = localAddr, LocalPort = localPort, RemoteAddr = remoteAddr, RemotePort = remotePort,
        FirstSeenNs = TestRecording.StartedNs, LastSeenNs = TestRecording.StartedNs, App = app,
    };
}
