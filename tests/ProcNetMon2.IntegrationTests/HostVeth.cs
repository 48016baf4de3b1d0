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


    public void Dispose()
    {
        ChildProcess.Run(TimeSpan.FromSeconds(20), "ip", "link", "del", HostInterface);
        ChildProcess.Run(TimeSpan.FromSeconds(20), "ip", "netns", "del", Namespace);
    }
}
