using System.Net;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze;

/// <summary>
/// Which traffic an analysis keeps. Each criterion matches when any of its values does; all given
/// criteria must match. An empty filter keeps everything.
/// </summary>
public sealed record TrafficFilter
{
    public IReadOnlyList<int> Pids { get; init; } = [];
    public IReadOnlyList<string> Comms { get; init; } = [];
    /// <summary>User names or numeric uids.</summary>
    public IReadOnlyList<string> Users { get; init; } = [];
    /// <summary>Container ids or their prefixes (12 characters as docker shows them).</summary>
    public IReadOnlyList<string> Containers { get; init; } = [];
    public IReadOnlyList<string> Protos { get; init; } = [];
    public IReadOnlyList<string> Apps { get; init; } = [];
    /// <summary>Local or remote port.</summary>
    public IReadOnlyList<int> Ports { get; init; } = [];
    public IReadOnlyList<IPNetwork> Remotes { get; init; } = [];
    public IReadOnlyList<string> Ifaces { get; init; } = [];
    /// <summary>Recording host names: applied when the recordings are opened (<see cref="RecordingSet.Open"/>), not per event.</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];

    public static TrafficFilter None { get; } = new();

    public bool Matches(ProcessRecord? process, SocketRecord? socket, string? iface) =>
        (Pids.Count == 0 || process is not null && Pids.Contains(process.Pid))
        && (Comms.Count == 0 || process is not null && Comms.Contains(process.Comm))
        && (Users.Count == 0 || process is not null && Users.Any(user => IsUser(process, user)))
        && (Containers.Count == 0 || process?.Container is { } container && Containers.Any(c => container.StartsWith(c, StringComparison.Ordinal)))
        && (Protos.Count == 0 || socket is not null && Protos.Contains(IpProtocol.Name(socket.Protocol), StringComparer.OrdinalIgnoreCase))
        && (Apps.Count == 0 || socket?.App is { } app && Apps.Contains(app, StringComparer.OrdinalIgnoreCase))
        && (Ports.Count == 0 || socket is not null && (Ports.Contains(socket.LocalPort) || Ports.Contains(socket.RemotePort)))
        && (Remotes.Count == 0 || socket is not null && IPAddress.TryParse(socket.RemoteAddr, out var remote) && Remotes.Any(net => Contains(net, remote)))
        && (Ifaces.Count == 0 || iface is not null && Ifaces.Contains(iface));

    private static bool IsUser(ProcessRecord process, string user) =>
        int.TryParse(user, out int uid) ? process.Uid == uid : UserNames.Of(process) == user;

    private static bool Contains(IPNetwork network, IPAddress address) =>
        network.Contains(address.IsIPv4MappedToIPv6 && network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? address.MapToIPv4()
            : address);
}
