using Xunit;

namespace ProcNetMon2.IntegrationTests;

/// <summary>
/// /metrics of a real capture, read by a real OpenMetrics parser: a known process's counters equal the
/// bytes it counted itself, and many short processes cannot make more series than asked for.
/// </summary>
public sealed class MetricsEndpointTests
{
    [RootFact]
    public void ScrapedDuringTraffic_ParsesAsOpenMetrics_AndAKnownProcessCountsItsBytesExactly()
    {
        int port = OpenMetricsScrape.FreePort();
        // Enough series that other tests' traffic generators on the same machine cannot take them all.
        using var session = RecordingSession.Start("--comm", "pnm-trafficgen", "--metrics-listen", $"127.0.0.1:{port}", "--metrics-group-by", "pid",
            "--metrics-top", "1000");
        using var server = Traffic.StartServer("tcp-server", "4", "4321", out string serverPort);
        using var steady = ChildProcess.Start(TestPaths.TrafficGen, "tcp-steady", "4", serverPort, "1000000", "3");
        Thread.Sleep(1500);
        var during = OpenMetricsScrape.Scrape(port);
        Assert.Contains(during, s => s is { Name: "pnm_payload_bytes_total", Value: > 0 } && s.Labels.GetValueOrDefault("pid") == steady.Pid.ToString());
        Assert.Contains(during, s => s.Name == "pnm_cpu_seconds_total");
        Assert.Contains(during, s => s.Name == "pnm_resident_memory_bytes" && s.Value > 0);
        Assert.Contains(during, s => s.Name == "pnm_ring_fill_ratio");
        Assert.Contains(during, s => s.Name == "pnm_lost_events_total");
        Assert.Contains(during, s => s.Name == "pnm_open_sockets" && s.Labels.GetValueOrDefault("pid") == steady.Pid.ToString() && s.Value >= 1);
        var client = Traffic.Finish(steady);
        var serverResult = Traffic.Finish(server);

        // Counters follow the recorder's once-a-second flush: wait for the last bytes to be counted.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        IReadOnlyList<MetricSample> after;
        do
        {
            Thread.Sleep(300);
            after = OpenMetricsScrape.Scrape(port);
        }
        while (PayloadOf(after, client.Pid) != (client.Sent, client.Received) && DateTime.UtcNow < deadline);
        session.Stop();

        Assert.Equal((client.Sent, client.Received), PayloadOf(after, client.Pid));
        Assert.Equal((serverResult.Sent, serverResult.Received), PayloadOf(after, serverResult.Pid));
        Assert.Equal(0, after.Single(s => s.Name == "pnm_lost_events_total").Value);
        Assert.True(PacketsOf(after, client.Pid) > 0);
    }

    [RootFact]
    public void ManyShortProcesses_GetAtMostTheSeriesAskedFor_AndOtherKeepsTheRest()
    {
        int port = OpenMetricsScrape.FreePort();
        using var session = RecordingSession.Start("--comm", "pnm-trafficgen", "--metrics-listen", port.ToString(),
            "--metrics-group-by", "pid", "--metrics-top", "3");
        var results = Enumerable.Range(0, 6).SelectMany(i =>
        {
            var (server, client) = Traffic.Tcp("4", 10_000 + i, 2_000 + i);
            return new[] { server, client };
        }).ToList();

        // Counters follow the recorder's once-a-second flush: wait until every process is counted somewhere
        // (other tests' traffic generators on the same machine may be counted too, in any series).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        IReadOnlyList<MetricSample> scrape;
        do
        {
            Thread.Sleep(300);
            scrape = OpenMetricsScrape.Scrape(port);
        }
        while (!AllCounted(scrape, results) && DateTime.UtcNow < deadline);
        session.Stop();

        var series = scrape.Where(s => s.Name == "pnm_payload_bytes_total").Select(s => s.Labels.GetValueOrDefault("pid") ?? "other").Distinct().ToList();
        Assert.Equal(4, series.Count); // 3 named + other, though 12 processes sent
        Assert.Contains("other", series);
        Assert.True(AllCounted(scrape, results), "the processes' bytes are not all in the scrape");
        foreach (var named in results.Where(r => series.Contains(r.Pid.ToString())))
            Assert.Equal((named.Sent, named.Received), PayloadOf(scrape, named.Pid));
    }

    /// <summary>Each process with a series of its own has exactly its bytes there; the others' are all in other (with anything else).</summary>
    private static bool AllCounted(IReadOnlyList<MetricSample> scrape, IReadOnlyList<TrafficResult> results)
    {
        var named = scrape.Where(s => s.Name == "pnm_payload_bytes_total" && s.Labels.ContainsKey("pid")).Select(s => s.Labels["pid"]).ToHashSet();
        var inOther = results.Where(r => !named.Contains(r.Pid.ToString())).ToList();
        var other = (
            Tx: scrape.Where(s => s.Name == "pnm_payload_bytes_total" && s.Labels.ContainsKey("other") && s.Labels["direction"] == "tx").Sum(s => s.Value),
            Rx: scrape.Where(s => s.Name == "pnm_payload_bytes_total" && s.Labels.ContainsKey("other") && s.Labels["direction"] == "rx").Sum(s => s.Value));
        return results.Where(r => named.Contains(r.Pid.ToString())).All(r => PayloadOf(scrape, r.Pid) == (r.Sent, r.Received))
               && other.Tx >= inOther.Sum(r => r.Sent) && other.Rx >= inOther.Sum(r => r.Received) && inOther.Count > 0;
    }

    private static (long Tx, long Rx) PayloadOf(IReadOnlyList<MetricSample> scrape, int pid) => (
        (long)scrape.Where(s => s.Name == "pnm_payload_bytes_total" && s.Labels.GetValueOrDefault("pid") == pid.ToString() && s.Labels["direction"] == "tx").Sum(s => s.Value),
        (long)scrape.Where(s => s.Name == "pnm_payload_bytes_total" && s.Labels.GetValueOrDefault("pid") == pid.ToString() && s.Labels["direction"] == "rx").Sum(s => s.Value));

    private static double PacketsOf(IReadOnlyList<MetricSample> scrape, int pid) =>
        scrape.Where(s => s.Name == "pnm_packets_total" && s.Labels.GetValueOrDefault("pid") == pid.ToString()).Sum(s => s.Value);
}
