using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Live;

namespace ProcNetMon2.Tests.Analyze.Live;

/// <summary>The metrics' series: bounded in number, counters that only grow, every byte in exactly one series.</summary>
public sealed class LiveMetricsTests
{
    [Fact]
    public void TheFirstBusiestGroupsKeepTheirSeries_TheRestAddUpInOther()
    {
        var metrics = new LiveMetrics(new LiveGroups([GroupField.Comm]), topGroups: 2);
        metrics.Add(Snapshot(1, ("a", 100), ("b", 50), ("c", 10)));
        metrics.Add(Snapshot(2, ("a", 1), ("b", 1), ("c", 1000), ("d", 7)));

        string text = metrics.Exposition();

        Assert.Contains("pnm_payload_bytes_total{comm=\"a\",direction=\"tx\"} 101\n", text);
        Assert.Contains("pnm_payload_bytes_total{comm=\"b\",direction=\"tx\"} 51\n", text);
        Assert.Contains("pnm_payload_bytes_total{other=\"true\",direction=\"tx\"} 1017\n", text);
        Assert.DoesNotContain("comm=\"c\"", text);
        Assert.EndsWith("# EOF\n", text);
    }

    [Fact]
    public void LabelValues_AreEscaped()
    {
        var metrics = new LiveMetrics(new LiveGroups([GroupField.Comm]), topGroups: 5);
        metrics.Add(Snapshot(1, ("we\"ird\\na\nme", 1)));

        Assert.Contains("comm=\"we\\\"ird\\\\na\\nme\"", metrics.Exposition());
    }

    private static LiveSnapshot Snapshot(double endSeconds, params (string Comm, long Tx)[] groups) => new()
    {
        Info = new TestRecording().Info,
        StartNs = TestRecording.At(endSeconds - 1),
        EndNs = TestRecording.At(endSeconds),
        Pairs = groups.Select((g, i) => new PairTraffic(
            new ProcessRecord { ProcessId = i + 1, Pid = 100 + i, Comm = g.Comm, FirstSeenNs = TestRecording.StartedNs },
            null, new ByteCounts(g.Tx, 0), default)).ToList(),
        Health = new RecorderHealth(),
    };
}
