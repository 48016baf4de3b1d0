using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Xunit;

namespace ProcNetMon2.IntegrationTests;

/// <summary>One sample of a scrape: its name, labels and value.</summary>
internal sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// /metrics scraped over HTTP and read by the official Python client's strict OpenMetrics parser (Debian's
/// python3-prometheus-client): a scrape it cannot parse fails the test.
/// </summary>
internal static class OpenMetricsScrape
{
    private const string Python = "/usr/bin/python3";
    private const string Parser = """
        import json, sys
        from prometheus_client.openmetrics.parser import text_string_to_metric_families
        print(json.dumps([[s.name, s.labels, s.value] for f in text_string_to_metric_families(sys.stdin.read()) for s in f.samples]))
        """;

    /// <summary>A port nothing listens on now.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public static IReadOnlyList<MetricSample> Scrape(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var response = http.GetAsync($"http://127.0.0.1:{port}/metrics").GetAwaiter().GetResult();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("application/openmetrics-text", response.Content.Headers.ContentType?.ToString());
        return Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
    }

    private static IReadOnlyList<MetricSample> Parse(string exposition)
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: install python3 and python3-prometheus-client");
        using var parser = ChildProcess.Start(Python, "-c", Parser);
        parser.WriteAll(exposition);
        int code = parser.WaitForExit(TimeSpan.FromSeconds(30));
        Assert.True(code == 0, $"the OpenMetrics parser rejected the scrape ({code}): {parser.Stderr}\n{exposition}");
        using var json = JsonDocument.Parse(parser.Stdout);
        return json.RootElement.EnumerateArray()
            .Select(s => new MetricSample(s[0].GetString()!,
                s[1].EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!), s[2].GetDouble()))
            .ToList();
    }
}
