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
        Run("ip", "netns", "add", link.Namespace);
        Run("ip", "link", "add", link.HostInterface, "type", "veth", "peer", "name", peer, "netns", link.Namespace);
        Run("ip", "addr", "add", HostAddress + "/24", "dev", link.HostInterface);
        Run("ip", "link", "set", link.HostInterface, "up");
        Run("ip", "-n", link.Namespace, "addr", "add", NamespaceAddress + "/24", "dev", peer);
        Run("ip", "-n", link.Namespace, "link", "set", peer, "up");
        Run("ip", "-n", link.Namespace, "link", "set", "lo", "up");
        return link;
    }

    private static void Run(params string[] command)
    {
        var (code, _, stderr) = ChildProcess.Run(TimeSpan.FromSeconds(20), command[0], command[1..]);
        Assert.True(code == 0, $"{string.Join(' ', command)} failed: {stderr}");
    }

    public void Dispose()
    {
        ChildProcess.Run(TimeSpan.FromSeconds(20), "ip", "link", "del", HostInterface);
        ChildProcess.Run(TimeSpan.FromSeconds(20), "ip", "netns", "del", Namespace);
    }
}
