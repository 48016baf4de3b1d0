using System.Text.Json;
using Xunit;

namespace ProcNetMon2.IntegrationTests;

/// <summary>What a traffic generator process counted itself: the ground truth.</summary>
internal sealed record TrafficResult(int Pid, long Sent, long Received);

/// <summary>Runs pnm-trafficgen servers and clients as separate processes over loopback.</summary>
internal static class Traffic
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static (TrafficResult Server, TrafficResult Client) Tcp(string ipVersion, long clientSends, long serverReplies, bool clientPeeks = false)
    {
        using var server = StartServer("tcp-server", ipVersion, serverReplies.ToString(), out string port);
        var client = RunToEnd("tcp-client", ipVersion, port, clientSends.ToString(), clientPeeks ? "peek" : "");
        return (Finish(server), client);
    }

    /// <summary>The same exchange, but both ends run under the `dotnet` host: processes named "dotnet".</summary>
    public static (TrafficResult Server, TrafficResult Client) TcpUnderDotnetHost(long clientSends, long serverReplies)
    {
        string dll = TestPaths.TrafficGen + ".dll";
        using var server = ChildProcess.Start("dotnet", dll, "tcp-server", "4", serverReplies.ToString());
        string port = server.WaitForLine(l => l.StartsWith("ready ", StringComparison.Ordinal), onStderr: false, Timeout)["ready ".Length..].Trim();
        var (code, stdout, stderr) = ChildProcess.Run(Timeout, "dotnet", dll, "tcp-client", "4", port, clientSends.ToString());
        Assert.True(code == 0, $"dotnet pnm-trafficgen tcp-client failed ({code}): {stderr}");
        var client = Parse(stdout);
        return (Finish(server), client);
    }

    public static (TrafficResult Server, TrafficResult Client) Udp(string ipVersion, int datagrams, int size)
    {
        using var server = StartServer("udp-server", ipVersion, datagrams.ToString(), out string port);
        var client = RunToEnd("udp-client", ipVersion, port, datagrams.ToString(), size.ToString());
        return (Finish(server), client);
    }

    /// <summary>
    /// A parent pnm-trafficgen with <paramref name="children"/> children, each with <paramref name="grandchildren"/>
    /// udp-clients of its own, all against one echo server: the parent's result and every descendant's.
    /// </summary>
    public static (TrafficResult Parent, IReadOnlyList<TrafficResult> Descendants) UdpTree(int children, int grandchildren, int datagrams, int size)
    {
        using var server = StartServer("udp-server", "4", (children * grandchildren * datagrams).ToString(), out string port);
        var (code, stdout, stderr) = ChildProcess.Run(Timeout, TestPaths.TrafficGen,
            "spawn", "4", children.ToString(), "spawn", grandchildren.ToString(), "udp-client", port, datagrams.ToString(), size.ToString());
        Assert.True(code == 0, $"pnm-trafficgen spawn failed ({code}): {stderr}");
        Finish(server);
        var descendants = stdout.Split('\n').Where(l => l.StartsWith("child ", StringComparison.Ordinal)).Select(l => FromJson(l["child ".Length..])).ToList();
        return (Parse(stdout), descendants);
    }

    public static ChildProcess StartServer(string role, string ipVersion, string count, out string port)
    {
        var server = ChildProcess.Start(TestPaths.TrafficGen, role, ipVersion, count);
        port = server.WaitForLine(l => l.StartsWith("ready ", StringComparison.Ordinal), onStderr: false, Timeout)["ready ".Length..].Trim();
        return server;
    }

    public static TrafficResult RunToEnd(params string[] args)
    {
        var (code, stdout, stderr) = ChildProcess.Run(Timeout, TestPaths.TrafficGen, args);
        Assert.True(code == 0, $"pnm-trafficgen {string.Join(' ', args)} failed ({code}): {stderr}");
        return Parse(stdout);
    }

    public static TrafficResult Finish(ChildProcess server)
    {
        int code = server.WaitForExit(Timeout);
        Assert.True(code == 0, $"traffic server failed ({code}): {server.Stderr}");
        return Parse(server.Stdout);
    }

    /// <summary>The "result {…}" line every traffic generator role ends with.</summary>
    public static TrafficResult Parse(string stdout) =>
        FromJson(stdout.Split('\n').Single(l => l.StartsWith("result ", StringComparison.Ordinal))["result ".Length..]);

    private static TrafficResult FromJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        return new TrafficResult(root.GetProperty("pid").GetInt32(), root.GetProperty("sent").GetInt64(), root.GetProperty("received").GetInt64());
    }
}
