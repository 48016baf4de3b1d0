using ProcNetMon2.Schema;

namespace ProcNetMon2.Record;

/// <summary>
/// The timestamped TCP incidents of one flush. An incident of a socket no event has named
/// yet (a retransmit or reset may come before the socket's first I/O or state event) is held by cookie for this flush
/// and the next: if the socket appears by then, it is counted on it as if it had come after; otherwise it is written
/// with the socket id the cookie has then (a socket closed since), else 0, and counted on no socket row.
/// </summary>
internal sealed class TcpIncidentLog(IRecordingSink sink)
{
    private readonly List<TcpIncidentRecord> pending = [];
    private Dictionary<ulong, List<(long TimestampNs, TcpIncident Kind)>> unseen = [], unseenBefore = [];

    public void Add(long timestampNs, long socketId, TcpIncident kind)
        => pending.Add(new TcpIncidentRecord(timestampNs, socketId, kind));

    public void Hold(ulong cookie, long timestampNs, TcpIncident kind)
    {
        if (!unseen.TryGetValue(cookie, out var held))
            unseen.Add(cookie, held = []);
        held.Add((timestampNs, kind));
    }

    /// <summary>The incidents held for a socket that has just appeared, oldest first; they are no longer held.</summary>
    public IReadOnlyList<(long TimestampNs, TcpIncident Kind)> Claim(ulong cookie)
    {
        bool heldBefore = unseenBefore.Remove(cookie, out var earlier), heldNow = unseen.Remove(cookie, out var later);
        return (heldBefore, heldNow) switch
        {
            (false, false) => [],
            (true, true) => [.. earlier!, .. later!],
            _ => earlier ?? later!,
        };
    }

    /// <summary>Writes this flush's incidents; those held since the flush before are written with <paramref name="socketIdOfCookie"/>.</summary>
    public void Flush(Func<ulong, long> socketIdOfCookie)
    {
        foreach (var (cookie, held) in unseenBefore)
            foreach (var (timestampNs, kind) in held)
                Add(timestampNs, socketIdOfCookie(cookie), kind);
        unseenBefore.Clear();
        (unseenBefore, unseen) = (unseen, unseenBefore);
        if (pending.Count == 0)
            return;
        sink.AddTcpIncidents([.. pending]);
        pending.Clear();
    }
}
