namespace ProcNetMon2.Schema;

/// <summary>How both writers put a batch of events in timestamp order before storing it.</summary>
internal static class EventOrder
{
    public static bool IsInTimeOrder(ReadOnlySpan<IoEvent> events)
    {
        for (int i = 1; i < events.Length; i++)
            if (events[i].TimestampNs < events[i - 1].TimestampNs)
                return false;
        return true;
    }

    /// <summary>Sorts in place by timestamp; stable, so events with equal timestamps keep the order they came in.</summary>
    public static void SortByTimestamp(Span<IoEvent> events)
    {
        if (IsInTimeOrder(events))
            return;
        var ordered = events.ToArray().Select((e, position) => (e, position))
            .OrderBy(p => p.e.TimestampNs).ThenBy(p => p.position).Select(p => p.e).ToArray();
        ordered.CopyTo(events);
    }
}
