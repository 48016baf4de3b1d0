namespace ProcNetMon2.Tests.Analyze;

/// <summary>The small fixed recording the golden outputs are rendered from.</summary>
internal static class GoldenRecording
{
    public const string PathShownInReports = "fixtures/golden.db";

    public static TestRecording Create() => new TestRecording().StoppedAt(4).WithFilters("--port 443")
        .Process(TrafficReportTests.Proc(1, 1200, "curl", parent: 880) with { Uid = 1000, ForkNs = TestRecording.At(0) })
        .Process(TrafficReportTests.Proc(2, 880, "sshd", parent: 1) with { Uid = 0 })
        .Process(TrafficReportTests.Proc(3, 4321, "my,app \"v2\"", parent: 1) with { Uid = 0, Container = "0123456789ab" })
        .Process(TrafficReportTests.Proc(4, 15, "[kworker/0:1]", parent: 2))
        .Socket(TrafficReportTests.Socket(10, 1) with
        {
            RemoteAddr = "93.184.216.34", RemotePort = 443, Role = "client", App = "tls", AppMethod = "payload", AppDetail = "record version 3.1",
            ConnectNs = TestRecording.At(0.05), CloseNs = TestRecording.At(1.5), CloseReason = "fin", State = "CLOSE", Retransmits = 2,
            LastSeenNs = TestRecording.At(1.5),
        })
        .Socket(TrafficReportTests.Socket(11, 2) with { LocalPort = 22, RemoteAddr = "10.1.2.3", RemotePort = 51000, Role = "server", App = "ssh", AppMethod = "payload", LastSeenNs = TestRecording.At(4) })
        .Socket(TrafficReportTests.Socket(12, 2) with { LocalPort = 22, RemoteAddr = "::1", Family = AddressFamily.Inet6, RemotePort = 51002, Role = "server", App = "ssh", AppMethod = "port" })
        .Socket(TrafficReportTests.Socket(13, 3) with { Protocol = IpProtocol.Udp, RemoteAddr = "0.0.0.0", RemotePort = 0, Role = "udp", LastSeenNs = TestRecording.At(2) })
        .Socket(TrafficReportTests.Socket(15, 4) with { RemoteAddr = "10.0.0.7", RemotePort = 2049, LastSeenNs = TestRecording.At(3.5) })
        .Interface(1, "lo").Interface(2, "eth0")
        .Flow(0, socketId: 10, Direction.Tx, packets: 3, bytes: 673, ifindex: 2, remoteAddr: "93.184.216.34", remotePort: 443)
        .Flow(0, socketId: 10, Direction.Rx, packets: 1100, bytes: 1_630_000, ifindex: 2, remoteAddr: "93.184.216.34", remotePort: 443)
        .Flow(1, socketId: 10, Direction.Rx, packets: 370, bytes: 543_500, ifindex: 2, remoteAddr: "93.184.216.34", remotePort: 443)
        .Flow(2, socketId: 13, Direction.Tx, packets: 1, bytes: 128, ifindex: 1, remoteAddr: "127.0.0.53", remotePort: 53)
        .Tx(0.1, 2, socketId: 11, bytes: 2048)
        .Tx(0.2, 1, socketId: 10, bytes: 517)
        .Rx(0.5, 1, socketId: 10, bytes: 1_572_864)
        .Tx(1.0, 2, socketId: 12, bytes: 1000)
        .Rx(1.2, 1, socketId: 10, bytes: 524_288)
        .Tx(2.0, 3, socketId: 13, bytes: 100)
        .Rx(2.0, 3, socketId: 13, bytes: 50)
        .Tx(2.5, 99, socketId: 14, bytes: 7)
        .Rx(3.5, 4, socketId: 15, bytes: 10)
        .Rx(3.999999999, 2, socketId: 11, bytes: 300)
        .Loss(1, 3);
}
