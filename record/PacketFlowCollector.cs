using ProcNetMon2.Bpf.Abi;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Record;

/// <summary>
/// Takes the kernel's packet counts once a flush: switches the programs to the other flow map and
/// drains the one they left a flush ago, so nothing is read while it is being written.
/// </summary>
internal sealed class PacketFlowCollector(CaptureObject capture, IRecordingSink sink, Func<ulong, long> socketIdOfCookie, long startedNs)
{
    private readonly long[] activatedAtNs = [startedNs, startedNs];
    private uint active;
    private readonly HashSet<int> knownInterfaces = [];

    public void Rotate(long nowNs)
    {
        uint idle = 1 - active;
        Write(capture.DrainFlows(idle), activatedAtNs[idle], activatedAtNs[active]);
        capture.ActivateFlowMap(idle);
        activatedAtNs[idle] = nowNs;
        active = idle;
    }

    /// <summary>After the programs are detached: both maps, oldest first.</summary>
    public void DrainAll(long stoppedNs)
    {
        uint idle = 1 - active;
        Write(capture.DrainFlows(idle), activatedAtNs[idle], activatedAtNs[active]);
        Write(capture.DrainFlows(active), activatedAtNs[active], stoppedNs);
    }

    public void RecordInterfaces()
    {
        foreach (var networkInterface in InterfaceNames.Read())
            if (knownInterfaces.Add(networkInterface.Ifindex))
                sink.UpsertInterface(networkInterface);
    }

    private void Write(List<(FlowKey Key, FlowCounts Counts)> flows, long fromNs, long toNs)
    {
        if (flows.Count == 0)
            return;
        if (flows.Any(f => !knownInterfaces.Contains((int)f.Key.Ifindex)))
            RecordInterfaces();
        sink.AddPacketFlows(flows.Select(f => new PacketFlowRecord
        {
            WindowStartNs = fromNs,
            WindowEndNs = toNs,
            SocketId = f.Key.Cookie == 0 ? 0 : socketIdOfCookie(f.Key.Cookie),
            Ifindex = (int)f.Key.Ifindex,
            Direction = f.Key.Direction.ToRecorded(),
            Family = f.Key.Family,
            Protocol = f.Key.Protocol,
            RemoteAddr = AddressText.Format(f.Key.RemoteAddr, f.Key.Family, emptyWhenUnspecified: true),
            RemotePort = f.Key.RemotePort,
            Packets = (long)f.Counts.Packets,
            Bytes = (long)f.Counts.Bytes,
        }).ToList());
    }
}
