using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze;

/// <summary>
/// A socket's interface: the one that carried most of its packets' bytes (the lower ifindex on a tie),
/// by name. Decided over the packet flows added so far: a whole recording's for a report, those that
/// arrived until now for a live view.
/// </summary>
public sealed class SocketInterfaces
{
    private readonly Dictionary<int, string> names = [];
    private readonly Dictionary<long, Dictionary<int, long>> bytesByInterface = [];

    public void AddName(InterfaceRecord networkInterface) => names[networkInterface.Ifindex] = networkInterface.Name;

    public string Name(int ifindex) => names.GetValueOrDefault(ifindex) ?? $"if{ifindex}";

    public void Add(PacketFlowRecord flow)
    {
        if (flow.SocketId == 0)
            return;
        if (!bytesByInterface.TryGetValue(flow.SocketId, out var bytes))
            bytesByInterface[flow.SocketId] = bytes = [];
        bytes[flow.Ifindex] = bytes.GetValueOrDefault(flow.Ifindex) + flow.Bytes;
    }

    /// <summary>The socket's interface; null while none of its packets were counted.</summary>
    public string? Of(long socketId) =>
        bytesByInterface.TryGetValue(socketId, out var bytes)
            ? Name(bytes.MaxBy(b => (b.Value, -(long)b.Key)).Key)
            : null;

    public void Forget(long socketId) => bytesByInterface.Remove(socketId);
}
