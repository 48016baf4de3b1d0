using System.Net;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze;

/// <summary>What one event's group is, from its process and socket.</summary>
public abstract class GroupKey
{
    /// <summary>Column names of the key's values, in order.</summary>
    public abstract IReadOnlyList<string> Columns { get; }
    /// <summary>Whether <see cref="ValuesOf"/> needs the socket's interface (found from packet accounting).</summary>
    public abstract bool NeedsInterface { get; }
    /// <summary>Whether the key shows the remote end, which an unconnected UDP socket only knows per datagram.</summary>
    public virtual bool UsesRemote => false;
    public abstract object?[] ValuesOf(RecordingView recording, int recordingIndex, ProcessRecord? process, SocketRecord? socket, long socketId, string? iface);

    public static GroupKey By(IReadOnlyList<GroupField> fields) => new FieldKey(fields);

    /// <summary>The value of a one-column field of a process and socket (every field but pid, tree and host, which need more).</summary>
    internal static object? FieldValue(GroupField field, ProcessRecord? process, SocketRecord? socket, string? iface) => field switch
    {
        GroupField.Comm => process?.Comm,
        GroupField.Exe => process?.Exe,
        GroupField.User => process is null ? null : UserNames.Of(process),
        GroupField.Cgroup => process?.CgroupPath,
        GroupField.Container => process?.Container,
        GroupField.Remote => SocketEndpoints.Remote(socket),
        GroupField.RemotePort => socket is { RemotePort: > 0 } ? (long)socket.RemotePort : null,
        GroupField.LocalPort => socket is { LocalPort: > 0 } ? (long)socket.LocalPort : null,
        GroupField.Proto => socket is null ? null : IpProtocol.Name(socket.Protocol),
        GroupField.App => socket?.App,
        GroupField.Iface => iface,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    /// <summary>One group per socket of each recording.</summary>
    public static GroupKey PerSocket { get; } = new SocketKey();

    private sealed class FieldKey(IReadOnlyList<GroupField> fields) : GroupKey
    {
        public override IReadOnlyList<string> Columns { get; } = fields.SelectMany(GroupFields.Columns).ToList();
        public override bool NeedsInterface { get; } = fields.Contains(GroupField.Iface);
        public override bool UsesRemote { get; } = fields.Contains(GroupField.Remote) || fields.Contains(GroupField.RemotePort);

        public override object?[] ValuesOf(RecordingView recording, int recordingIndex, ProcessRecord? process, SocketRecord? socket, long socketId, string? iface)
        {
            var values = new List<object?>(Columns.Count);
            foreach (var field in fields)
            {
                switch (field)
                {
                    case GroupField.Pid:
                        values.Add((long?)process?.Pid);
                        values.Add(process?.Comm);
                        break;
                    case GroupField.Tree:
                        var root = process is null ? null : recording.TreeRoot(process);
                        values.Add((long?)root?.Pid);
                        values.Add(root?.Comm);
                        break;
                    default:
                        values.Add(field == GroupField.Host ? recording.Info.Host : FieldValue(field, process, socket, iface));
                        break;
                }
            }
            return [.. values];
        }
    }

    private sealed class SocketKey : GroupKey
    {
        public override IReadOnlyList<string> Columns { get; } = ["recording", "socket_id"];
        public override bool NeedsInterface => false;

        public override object?[] ValuesOf(RecordingView recording, int recordingIndex, ProcessRecord? process, SocketRecord? socket, long socketId, string? iface) =>
            [(long)recordingIndex, socketId];
    }
}

internal static class SocketEndpoints
{
    /// <summary>The remote address, or null for a socket that has none (an unconnected UDP socket).</summary>
    public static string? Remote(SocketRecord? socket) =>
        socket is null || string.IsNullOrEmpty(socket.RemoteAddr)
        || IPAddress.TryParse(socket.RemoteAddr, out var address) && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            ? null
            : socket.RemoteAddr;
}
