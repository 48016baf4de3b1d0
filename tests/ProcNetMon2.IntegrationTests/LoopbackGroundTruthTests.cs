using Xunit;

namespace ProcNetMon2.IntegrationTests;

/// <summary>
/// Separate processes exchange byte counts they count themselves; pnm's per-pid totals must equal
/// them exactly, with nothing lost.
/// </summary>
public sealed class LoopbackGroundTruthTests
{
    [RootFact]
    public void TcpOverIpv4_ServerAndClientBytesMatchExactly() => AssertTcp("4", 3_000_000, 250_001);

    [RootFact]
    public void TcpOverIpv6_ServerAndClientBytesMatchExactly() => AssertTcp("6", 1_234_567, 89);

    [RootFact]
    public void UdpSendtoRecvfrom_ServerAndClientBytesMatchExactly()
    {
        using var session = RecordingSession.Start();
        var (server, client) = Traffic.Udp("4", datagrams: 300, size: 1200);
        session.Stop();

        var report = PnmReport.Of(session.Path);
        Assert.Equal(0, report.LostEvents);
        Assert.Equal((300 * 1200L, 300 * 1200L), (client.Sent, client.Received));
        Assert.Equal((client.Sent, client.Received), report.BytesOf(client.Pid));
        Assert.Equal((server.Sent, server.Received), report.BytesOf(server.Pid));
    }

    [RootFact]
    public void UdpOverIpv6_BytesMatchExactly()
    {
        using var session = RecordingSession.Start();
        var (server, client) = Traffic.Udp("6", datagrams: 50, size: 512);
        session.Stop();

        var report = PnmReport.Of(session.Path);
        Assert.Equal((client.Sent, client.Received), report.BytesOf(client.Pid));
        Assert.Equal((server.Sent, server.Received), report.BytesOf(server.Pid));
    }

    [RootFact]
    public void PeekedBytesAndFailedReads_AreNotCounted()
    {
        using var session = RecordingSession.Start();
        var (server, client) = Traffic.Tcp("4", 10_000, 500_000, clientPeeks: true);
        session.Stop();

        var report = PnmReport.Of(session.Path);
        Assert.Equal(500_000, client.Received);
        Assert.Equal((client.Sent, client.Received), report.BytesOf(client.Pid));
        Assert.Equal((server.Sent, server.Received), report.BytesOf(server.Pid));
    }

    private static void AssertTcp(string ipVersion, long clientSends, long serverReplies)
    {
        using var session = RecordingSession.Start();
        var (server, client) = Traffic.Tcp(ipVersion, clientSends, serverReplies);
        session.Stop();

        var report = PnmReport.Of(session.Path);
        Assert.Equal(0, report.LostEvents);
        Assert.Equal((clientSends, serverReplies), (client.Sent, client.Received));
        Assert.Equal((client.Sent, client.Received), report.BytesOf(client.Pid));
        Assert.Equal((server.Sent, server.Received), report.BytesOf(server.Pid));
        Assert.Contains("pnm-trafficgen", report.ProcessNames(server.Pid));
    }
}
