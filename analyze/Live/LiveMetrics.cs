using System.Globalization;

namespace ProcNetMon2.Analyze.Live;

/// <summary>
/// Counters for a monitoring system, from every interval of a live capture: payload bytes and packets
/// per group (monotonic, by adding each interval's), open sockets and retransmits, and the recorder's
/// own events, losses, CPU, memory and ring fill. Cardinality is bounded: the first
/// <see cref="TopGroups"/> groups to move the most bytes in an interval get series of their own and keep
/// them (so their counters never go back); every other group adds to one series labelled other="true".
/// <see cref="Add"/> runs on the capture's thread, <see cref="Exposition"/> on the endpoint's.
/// </summary>
public sealed class LiveMetrics(LiveGroups groups, int topGroups)
{
    private readonly object gate = new();
    private readonly Dictionary<string, Series> named = [];
    private readonly Series other = new(null);
    private long events, lost;
    private double cpuSeconds;
    private long rssBytes;
    private double ringFill;
    private bool started;

    public int TopGroups { get; } = topGroups > 0 ? topGroups : throw new ArgumentOutOfRangeException(nameof(topGroups));

    public void Add(LiveSnapshot snapshot)
    {
        var rows = groups.Of(snapshot);
        lock (gate)
        {
            started = true;
            foreach (var series in named.Values.Append(other))
                series.ClearGauges();
            foreach (var row in rows.OrderByDescending(r => r.Interval.Both).ThenBy(r => r.Id, StringComparer.Ordinal))
            {
                if (!named.TryGetValue(row.Id, out var series))
                {
                    if (named.Count < TopGroups && row.Interval.Both > 0)
                        named[row.Id] = series = new Series(row.Key);
                    else
                        series = other;
                }
                series.Add(row);
            }
            events += snapshot.Health.EventsSubmitted;
            lost += snapshot.Health.LostEvents;
            cpuSeconds += snapshot.Health.CpuSeconds;
            rssBytes = snapshot.Health.RssBytes;
            ringFill = snapshot.Info.RingBytes > 0 ? (double)snapshot.Health.RingFillPeakBytes / snapshot.Info.RingBytes : 0;
        }
    }

    /// <summary>The current values as OpenMetrics text.</summary>
    public string Exposition()
    {
        var text = new OpenMetricsText();
        lock (gate)
        {
            var all = named.Values.OrderBy(s => string.Join('\u001f', s.Key ?? []), StringComparer.Ordinal).Append(other).ToList();
            text.Family("pnm_payload_bytes", "counter", "Payload bytes of socket calls, sent (tx) and received (rx), per group", unit: "bytes");
            foreach (var series in all)
            {
                text.Sample("pnm_payload_bytes_total", Labels(series, "tx"), series.Payload.Tx);
                text.Sample("pnm_payload_bytes_total", Labels(series, "rx"), series.Payload.Rx);
            }
            text.Family("pnm_packets", "counter", "IP packets of the group's sockets, sent (tx) and received (rx)");
            foreach (var series in all)
            {
                text.Sample("pnm_packets_total", Labels(series, "tx"), series.Packets.Tx);
                text.Sample("pnm_packets_total", Labels(series, "rx"), series.Packets.Rx);
            }
            text.Family("pnm_open_sockets", "gauge", "Sockets of the group open at the end of the last interval");
            foreach (var series in all)
                text.Sample("pnm_open_sockets", Labels(series, null), series.OpenSockets);
            text.Family("pnm_tcp_retransmits", "counter", "TCP retransmits on the group's sockets");
            foreach (var series in all)
                text.Sample("pnm_tcp_retransmits_total", Labels(series, null), series.Retransmits);
            text.Family("pnm_events", "counter", "Events the kernel handed to pnm").Sample("pnm_events_total", events);
            text.Family("pnm_lost_events", "counter", "Events the kernel dropped for want of ring space (totals are lower bounds when not 0)")
                .Sample("pnm_lost_events_total", lost);
            text.Family("pnm_cpu_seconds", "counter", "CPU time pnm used", unit: "seconds").Sample("pnm_cpu_seconds_total", cpuSeconds);
            text.Family("pnm_resident_memory_bytes", "gauge", "pnm's resident memory", unit: "bytes").Sample("pnm_resident_memory_bytes", rssBytes);
            text.Family("pnm_ring_fill_ratio", "gauge", "The most of the kernel ring buffer in use during the last interval, 0 to 1", unit: "ratio")
                .Sample("pnm_ring_fill_ratio", ringFill);
            text.Family("pnm_up", "gauge", "1 once the capture has delivered its first interval").Sample("pnm_up", started ? 1 : 0);
        }
        return text.ToString();
    }

    private IEnumerable<KeyValuePair<string, string>> Labels(Series series, string? direction)
    {
        if (series.Key is { } key)
        {
            for (int i = 0; i < key.Length; i++)
                yield return new(groups.Columns[i], Convert.ToString(key[i], CultureInfo.InvariantCulture) ?? "");
        }
        else
        {
            yield return new("other", "true");
        }
        if (direction is not null)
            yield return new("direction", direction);
    }

    /// <summary>One group's series, or (Key null) the series of every group without one.</summary>
    private sealed class Series(object?[]? key)
    {
        public object?[]? Key { get; } = key;
        public ByteCounts Payload { get; private set; }
        public ByteCounts Packets { get; private set; }
        public int OpenSockets { get; private set; }
        public long Retransmits { get; private set; }

        public void ClearGauges() => OpenSockets = 0;

        public void Add(LiveGroupRow row)
        {
            Payload += row.Interval;
            Packets += row.IntervalPackets;
            OpenSockets += row.OpenSockets;
            Retransmits += row.IntervalRetransmits;
        }
    }
}
