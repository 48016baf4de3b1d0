using System.Globalization;
using Xunit;

namespace ProcNetMon2.IntegrationTests;

/// <summary>A veth pair from this (the recorder's) namespace to a namespace the test makes: one test host.</summary>
internal sealed class HostVeth : IDisposable
{
    public const string HostAddress = "198.19.0.1", NamespaceAddress = "198.19.0.2";

    public string Namespace { get; }
    public string HostInterface { get; }

    private HostVeth(string suffix)
    {
        Namespace = $"pnm-v-{suffix}";
        HostInterface = $"pnmh{suffix}";
    }

    public static HostVeth Create()
    {
        ToolRequirement.Ensure("ip");
        var link = new HostVeth(Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture));
        string peer = link.HostInterface.Replace("pnmh", "pnmn", StringComparison.Ordinal);
        ChildProcess.RunOrFail("ip", "netns", "add", link.Namespace);
        ChildProcess.RunOrFail("ip", "link", "add", link.HostInterface, "type", "veth", "peer", "name", peer, "netns", link.Namespace);
        ChildProcess.RunOrFail("ip", "addr", "add", HostAddress + "/24", "dev", link.HostInterface);
        ChildProcess.RunOrFail("ip", "link", "set", link.HostInterface, "up");
        ChildProcess.RunOrFail("ip", "-n", link.Namespace, "addr", "add", NamespaceAddress + "/24", "dev", peer);
        ChildProcess.RunOrFail("ip", "-n", link.Namespace, "link", "set", peer, "up");
        ChildProcess.RunOrFail("ip", "-n", link.Namespace, "link", "set", "lo", "up");
        return link;
    }

    /// <summary>A tcp-server in the namespace and a tcp-client here, through the veth: their results.</summary>
    public (TrafficResult Server, TrafficResult Client) Tcp(long clientSends, long serverReplies)
    {
        var environment = $"PNM_TRAFFIC_ADDRESS={NamespaceAddress}";
        using var server = ChildProcess.Start("ip", "netns", "exec", Namespace, "env", environment, TestPaths.TrafficGen, "tcp-server", "4", serverReplies.ToString(CultureInfo.InvariantCulture));
        string port = server.WaitForLine(l => l.StartsWith("ready ", StringComparison.Ordinal), onStderr: false, TimeSpan.FromSeconds(30))[6..].Trim();
        var (code, stdout, stderr) = ChildProcess.Run(TimeSpan.FromSeconds(60), "env", environment, TestPaths.TrafficGen,
            "tcp-client", "4", port, clientSends.ToString(CultureInfo.InvariantCulture));
        Assert.True(code == 0, stderr);
        return (Traffic.Finish(server), Traffic.Parse(stdout));
    }

    public void Dispose()
    {
        ChildProcess.Run(TimeSpan.FromSeconds(20), "ip", "link", "del", HostInterface);
        ChildProcess.Run(TimeSpan.FromSeconds(20), "ip", "netns", "del", Namespace);
    }
}
