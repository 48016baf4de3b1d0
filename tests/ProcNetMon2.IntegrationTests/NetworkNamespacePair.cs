using System.Globalization;
using Xunit;

namespace ProcNetMon2.IntegrationTests;

/// <summary>
/// Two network namespaces made by the test, joined by a veth pair: a small network of the test's
/// own hosts (198.18.0.1 and 198.18.0.2, the benchmarking range), removed on dispose.
/// </summary>
internal sealed class NetworkNamespacePair : IDisposable
{
    public const string ClientAddress = "198.18.0.1", ServerAddress = "198.18.0.2";

    public string Client { get; }
    public string Server { get; }
    public string ClientInterface { get; }

    private NetworkNamespacePair(string suffix)
    {
        Client = $"pnm-c-{suffix}";
        Server = $"pnm-s-{suffix}";
        ClientInterface = $"pnmc{suffix}";
    }

    /// <param name="packetSizedSegments">
    /// No segmentation offload: every packet is one segment, so dropping one in N packets drops one in N segments.
    /// Without it the stack hands the link multi-segment packets, and a retransmit may carry several segments.
    /// </param>
    public static NetworkNamespacePair Create(bool packetSizedSegments = true)
    {
        ToolRequirement.Ensure("ip");
        var pair = new NetworkNamespacePair(Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture));
        string peer = pair.ClientInterface.Replace("pnmc", "pnms", StringComparison.Ordinal);
        ChildProcess.RunOrFail("ip", "netns", "add", pair.Client);
        ChildProcess.RunOrFail("ip", "netns", "add", pair.Server);
        ChildProcess.RunOrFail("ip", "link", "add", pair.ClientInterface, "netns", pair.Client, "type", "veth", "peer", "name", peer, "netns", pair.Server);
        ChildProcess.RunOrFail("ip", "-n", pair.Client, "addr", "add", ClientAddress + "/24", "dev", pair.ClientInterface);
        ChildProcess.RunOrFail("ip", "-n", pair.Server, "addr", "add", ServerAddress + "/24", "dev", peer);
        foreach (var (ns, dev) in new[] { (pair.Client, pair.ClientInterface), (pair.Server, peer) })
        {
            if (packetSizedSegments)
                ChildProcess.RunOrFail("ip", "-n", ns, "link", "set", dev, "gso_max_size", "1500", "gso_max_segs", "1");
            ChildProcess.RunOrFail("ip", "-n", ns, "link", "set", dev, "up");
            ChildProcess.RunOrFail("ip", "-n", ns, "link", "set", "lo", "up");
        }
        return pair;
    }

    /// <summary>
    /// Drops one in <paramref name="oneIn"/> TCP packets arriving in a namespace, at random: real
    /// loss on the wire for the sender (a drop on the sender's own output would be a local error).
    /// </summary>
    public void DropTcpIngress(string ns, int oneIn)
    {
        ToolRequirement.Ensure("nft");
        ChildProcess.RunOrFail("ip", "netns", "exec", ns, "nft", $"add table inet pnmloss; add chain inet pnmloss in {{ type filter hook input priority 0; }}; " +
            $"add rule inet pnmloss in meta l4proto tcp numgen random mod {oneIn} == 0 drop");
    }

    /// <summary>Ends what <see cref="DropTcpIngress"/> started: the link is lossless again.</summary>
    public void StopDropping(string ns) => ChildProcess.RunOrFail("ip", "netns", "exec", ns, "nft", "delete table inet pnmloss");

    /// <summary>Waits until every established connection in the namespace has all it sent acknowledged (Send-Q 0): no retransmit is pending.</summary>
    public void WaitUntilAllAcknowledged(string ns)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var (_, sockets, _) = ChildProcess.Run(TimeSpan.FromSeconds(10), "ip", "netns", "exec", ns, "ss", "-Htn", "state", "established");
            var sendQueues = sockets.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
            if (sendQueues.All(queue => queue == "0"))
                return;
            Thread.Sleep(100);
        }
        Assert.Fail($"data sent in {ns} is still unacknowledged after 60 s");
    }

    /// <summary>The namespace's own TcpRetransSegs counter from /proc/net/snmp.</summary>
    public long RetransmittedSegments(string ns)
    {
        var (_, snmp, _) = ChildProcess.Run(TimeSpan.FromSeconds(10), "ip", "netns", "exec", ns, "cat", "/proc/net/snmp");
        var tcp = snmp.Split('\n').Where(l => l.StartsWith("Tcp:", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToList();
        int column = Array.IndexOf(tcp[0], "RetransSegs");
        return long.Parse(tcp[1][column], CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until every connection in the namespace is closed or in TIME-WAIT: until then a lingering FIN may still be retransmitted.</summary>
    public void WaitUntilNoTcpSockets(string ns)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var (_, sockets, _) = ChildProcess.Run(TimeSpan.FromSeconds(10), "ip", "netns", "exec", ns, "ss", "-Htan");
            // TIME-WAIT keeps no data to retransmit; it stays for a minute.
            if (!sockets.Split('\n').Any(l => l.Length > 0 && !l.StartsWith("TIME-WAIT", StringComparison.Ordinal) && !l.StartsWith("LISTEN", StringComparison.Ordinal)))
                return;
            Thread.Sleep(100);
        }
        Assert.Fail($"TCP sockets are still open in {ns} after 30 s");
    }


    public void Dispose()
    {
        foreach (string ns in new[] { Client, Server })
            ChildProcess.Run(TimeSpan.FromSeconds(20), "ip", "netns", "del", ns);
    }
}
