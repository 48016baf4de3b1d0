using Xunit;

namespace ProcNetMon2.IntegrationTests;

/// <summary>Retransmits on a lossy link between two namespaces, against each namespace's own kernel counter.</summary>
public sealed class RetransmitTests
{
    [RootFact]
    public void LossyLink_RetransmitsCountedOnThatConnection() => RetransmitsAreCountedAsTheKernelCountsThem(packetSizedSegments: true);

    /// <summary>
    /// With segmentation offload a lost packet held several segments, and a retransmit may carry several at once:
    /// the kernel counts each segment, and so must the recording.
    /// </summary>
    [RootFact]
    public void LossyLink_WithMultiSegmentPackets_EachRetransmittedSegmentIsCounted() => RetransmitsAreCountedAsTheKernelCountsThem(packetSizedSegments: false);

    private static void RetransmitsAreCountedAsTheKernelCountsThem(bool packetSizedSegments)
    {
        using var net = NetworkNamespacePair.Create(packetSizedSegments);
        net.DropTcpIngress(net.Server, oneIn: 10);
        using var session = RecordingSession.Start();

        var environment = $"PNM_TRAFFIC_ADDRESS={NetworkNamespacePair.ServerAddress}";
        using var server = ChildProcess.Start("ip", "netns", "exec", net.Server, "env", environment, TestPaths.TrafficGen, "tcp-server", "4", "100000");
        string port = server.WaitForLine(l => l.StartsWith("ready ", StringComparison.Ordinal), onStderr: false, TimeSpan.FromSeconds(30))[6..].Trim();
        long clientBefore = net.RetransmittedSegments(net.Client), serverBefore = net.RetransmittedSegments(net.Server);
        var (code, stdout, stderr) = ChildProcess.Run(TimeSpan.FromSeconds(120),
            "ip", "netns", "exec", net.Client, "env", environment, TestPaths.TrafficGen, "tcp-client", "4", port, "2000000");
        Assert.True(code == 0, stderr);
        var serverResult = Traffic.Finish(server);
        net.WaitUntilNoTcpSockets(net.Client);
        net.WaitUntilNoTcpSockets(net.Server);
        long clientRetransmits = net.RetransmittedSegments(net.Client) - clientBefore;
        long serverRetransmits = net.RetransmittedSegments(net.Server) - serverBefore;
        // A lossless exchange beside the lossy one: its sockets must show no retransmits.
        var lossless = Traffic.Tcp("4", 50_000, 50_000);
        session.Stop();

        int clientPid = Traffic.Parse(stdout).Pid;
        using var db = new RecordingDatabase(session.Path);
        var clientSocket = Assert.Single(db.SocketsOf(clientPid));
        var serverSocket = Assert.Single(db.SocketsOf(serverResult.Pid));
        Assert.True(clientRetransmits > 0, "the lossy link retransmitted nothing: the test proves nothing");
        // Each namespace's kernel counts its retransmitted segments.
        Assert.Equal(clientRetransmits, clientSocket.Retransmits);
        Assert.Equal(serverRetransmits, serverSocket.Retransmits);
        Assert.Equal(2_000_000, clientSocket.TxBytes);
        // Only its own sockets: the recording holds the whole host, where other tests may run lossy links of their own.
        var losslessSockets = db.SocketsOf(lossless.Client.Pid).Concat(db.SocketsOf(lossless.Server.Pid)).ToList();
        Assert.Equal(2, losslessSockets.Count);
        Assert.All(losslessSockets, s => Assert.Equal(0, s.Retransmits));
    }
}
