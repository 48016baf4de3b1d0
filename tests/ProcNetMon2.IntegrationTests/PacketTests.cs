using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace ProcNetMon2.IntegrationTests;

/// <summary>Packet accounting against tcpdump and against the datagrams the test sent.</summary>
public sealed class PacketTests
{
    private const int Ipv4UdpHeaders = 20 + 8;

    [RootFact]
    public void WireBytesOfAConnection_AreWithinOnePercentOfTcpdump()
    {
        ToolRequirement.Ensure("tcpdump");
        string pcap = Path.Combine(TestPaths.NewTempDirectory(), "lo.pcap");
        using var session = RecordingSession.Start();
        using var server = Traffic.StartServer("tcp-server", "4", "1000000", out string port);
        using var tcpdump = ChildProcess.Start("tcpdump", "-i", "lo", "-w", pcap, "-s", "128", "-B", "16384", "--immediate-mode", "-U", "tcp", "port", port);
        tcpdump.WaitForLine(l => l.Contains("listening on", StringComparison.Ordinal), onStderr: true, TimeSpan.FromSeconds(30));
        var client = Traffic.RunToEnd("tcp-client", "4", port, "1500000");
        Traffic.Finish(server);
        Thread.Sleep(300);
        tcpdump.Signal(Native.SIGTERM);
        tcpdump.WaitForExit(TimeSpan.FromSeconds(30));
        Assert.Contains("\n0 packets dropped by kernel", tcpdump.Stderr);
        session.Stop();

        long captured = IpBytesInPcap(pcap);
        using var db = new RecordingDatabase(session.Path);
        var socket = Assert.Single(db.SocketsOf(client.Pid));
        long recorded = db.Scalar<long>("SELECT SUM(bytes) FROM packet_flows WHERE socket_id = @id", new { id = socket.SocketId });
        Assert.True(captured > 2_500_000, $"tcpdump captured only {captured} bytes");
        Assert.True(Math.Abs(recorded - captured) <= captured / 100, $"pnm counted {recorded} wire bytes, tcpdump {captured}");
    }

    [RootFact]
    public void DatagramsSentToTwoPorts_AreAttributedToEachRemote()
    {
        const int datagrams = 60, size = 300;
        using var first = NonReadingUdpSocket(out int firstPort);
        using var second = NonReadingUdpSocket(out int secondPort);
        using var session = RecordingSession.Start();
        var flood = Traffic.RunToEnd("udp-flood", "4", $"{firstPort},{secondPort}", datagrams.ToString(), size.ToString());
        session.Stop();

        Assert.Equal(2L * datagrams * size, flood.Sent);
        Assert.Equal((flood.Sent, 0L), PnmReport.Of(session.Path).BytesOf(flood.Pid));
        using var db = new RecordingDatabase(session.Path);
        var socket = Assert.Single(db.SocketsOf(flood.Pid));
        Assert.Equal("", socket.RemoteAddr);
        foreach (int port in new[] { firstPort, secondPort })
        {
            var (packets, bytes) = db.Single<(long, long)>(
                "SELECT SUM(packets), SUM(bytes) FROM packet_flows WHERE socket_id = @id AND direction = 0 AND remote_port = @port AND remote_addr = '127.0.0.1'",
                new { id = socket.SocketId, port });
            Assert.Equal((datagrams, (long)datagrams * (size + Ipv4UdpHeaders)), (packets, bytes));
        }
    }

    [RootFact]
    public void NoPackets_KeepsExactPayloadBytes_AndCountsNoPackets()
    {
        const int datagrams = 500, size = 200;
        using var target = NonReadingUdpSocket(out int port);
        using var session = RecordingSession.Start("--no-packets");
        var flood = Traffic.RunToEnd("udp-flood", "4", port.ToString(), datagrams.ToString(), size.ToString());
        session.Stop();

        Assert.Equal((long)datagrams * size, flood.Sent);
        Assert.Equal((flood.Sent, 0L), PnmReport.Of(session.Path).BytesOf(flood.Pid));
        using var db = new RecordingDatabase(session.Path);
        Assert.Equal(0L, db.Scalar<long>("SELECT COUNT(*) FROM packet_flows"));
        var (backend, programs, filters) = db.Single<(string, string, string)>("SELECT backend, programs, filters FROM recording");
        Assert.Contains(",packets:off,", backend);
        Assert.DoesNotContain("packets_", programs);
        Assert.Contains("--no-packets", filters);
    }

    [RootFact]
    public void InterfaceFilter_RecordsOnlyTrafficOnThatInterface()
    {
        using var link = HostVeth.Create();
        using var session = RecordingSession.Start("--iface", link.HostInterface);
        int clientPid = link.Tcp(clientSends: 90_000, serverReplies: 30_000).Client.Pid;
        var (loopbackServer, loopbackClient) = Traffic.Tcp("4", 40_000, 40_000);
        session.Stop();

        var report = PnmReport.Of(session.Path);
        Assert.Equal((90_000L, 30_000L), report.BytesOf(clientPid));
        Assert.False(report.HasProcess(loopbackServer.Pid));
        Assert.False(report.HasProcess(loopbackClient.Pid));
        using var db = new RecordingDatabase(session.Path);
        Assert.Equal([link.HostInterface], db.Scalar<string>("SELECT GROUP_CONCAT(DISTINCT interface) FROM packets").Split(','));
    }

    private static Socket NonReadingUdpSocket(out int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        return socket;
    }

    /// <summary>Sum of IP lengths in a pcap of the loopback device (14-byte Ethernet headers).</summary>
    private static long IpBytesInPcap(string path)
    {
        const int GlobalHeader = 24, RecordHeader = 16, EthernetHeader = 14;
        byte[] data = File.ReadAllBytes(path);
        long total = 0;
        for (int offset = GlobalHeader; offset + RecordHeader <= data.Length;)
        {
            int included = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(offset + 8));
            int original = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(offset + 12));
            total += original - EthernetHeader;
            offset += RecordHeader + included;
        }
        return total;
    }
}
