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
    /// <summary>Whether each socket of each recording is a group of its own, whatever its process (<see cref="PerSocket"/>).</summary>
    public virtual bool OneGroupPerSocket => false;
    public abstract object?[] ValuesOf(RecordingView recording, int recordingIndex, ProcessRecord? process, SocketRecord? socket, long socketId, string? iface);

    public static GroupKey By(IReadOnlyList<GroupField> fields) => new FieldKey(fields);

    /// <summary>The value of a one-column field of a process and socket (every field but pid, tree and host, which need more).</summary>
    private static object? FieldValue(GroupField field, ProcessRecord? process, SocketRecord? socket, string? iface) => field switch
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

    /// <summary>
    /// The values of <paramref name="fields"/> for a process and a socket, one per column: a report's from its
    /// recording, a live view's from what it knows so far.
    /// </summary>
    /// <param name="treeRoot">The top of a process's lineage, asked only when grouping by tree.</param>
    internal static object?[] Values(IReadOnlyList<GroupField> fields, int columns, ProcessRecord? process, SocketRecord? socket, string? iface,
        string host, Func<ProcessRecord, ProcessRecord> treeRoot)
    {
        var values = new object?[columns];
        int i = 0;
        foreach (var field in fields)
        {
            switch (field)
            {
                case GroupField.Pid:
                    values[i++] = (long?)process?.Pid;
                    values[i++] = process?.Comm;
                    break;
                case GroupField.Tree:
                    var root = process is null ? null : treeRoot(process);
                    values[i++] = (long?)root?.Pid;
                    values[i++] = root?.Comm;
                    break;
                case GroupField.Host:
                    values[i++] = host;
                    break;
                default:
                    values[i++] = FieldValue(field, process, socket, iface);
                    break;
            }
        }
        return values;
    }

    /// <summary>One group per socket of each recording.</summary>
    public static GroupKey PerSocket { get; } = new SocketKey();

    private sealed class FieldKey(IReadOnlyList<GroupField> fields) : GroupKey
    {
        public override IReadOnlyList<string> Columns { get; } = fields.SelectMany(GroupFields.Columns).ToList();
        public override bool NeedsInterface { get; } = fields.Contains(GroupField.Iface);
        public override bool UsesRemote { get; } = fields.Contains(GroupField.Remote) || fields.Contains(GroupField.RemotePort);

        public override object?[] ValuesOf(RecordingView recording, int recordingIndex, ProcessRecord? process, SocketRecord? socket, long socketId, string? iface) =>
            Values(fields, Columns.Count, process, socket, iface, recording.Info.Host, recording.TreeRoot);
    }

    private sealed class SocketKey : GroupKey
    {
        public override IReadOnlyList<string> Columns { get; } = ["recording", "socket_id"];
        public override bool NeedsInterface => false;
        public override bool OneGroupPerSocket => true;

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
