using System.Globalization;
using System.Text.Json;
using ProcNetMon2.Analyze.Reports;
using Xunit;

namespace ProcNetMon2.IntegrationTests;

/// <summary>
/// A real recording in two phases — a quiet trickle, then a burst from a known process — read back
/// with timeline, peaks and report: each phase's bytes must land in its own time and its own group.
/// </summary>
public sealed class AnalysisPhasesTests
{
    private const long BurstBytes = 40_000_000;

    [RootFact]
    public void Timeline_peaks_and_windows_put_each_phase_in_its_time_and_group()
    {
        using var session = RecordingSession.StartAs("phases.pnm");
        var quietStart = DateTimeOffset.UtcNow;
        var (_, trickle) = Traffic.Udp("4", datagrams: 20, size: 100);
        Thread.Sleep(TimeSpan.FromSeconds(2) - (DateTimeOffset.UtcNow - quietStart));
        var burstStart = DateTimeOffset.UtcNow;
        var (server, burst) = Traffic.Tcp("4", BurstBytes, 1000);
        var burstEnd = DateTimeOffset.UtcNow;
        Thread.Sleep(500);
        session.Stop();
        Assert.Equal(BurstBytes, burst.Sent);

        // Timeline: every byte of each client, in intervals of its own phase.
        var timeline = Rows(Pnm("timeline", session.Path, "--group-by", "pid", "--interval", "500ms", "--top", "20"));
        var interval = TimeSpan.FromMilliseconds(500);
        var burstPoints = timeline.Where(r => Pid(r) == burst.Pid && Long(r, "tx_bytes") > 0).ToList();
        Assert.Equal(BurstBytes, burstPoints.Sum(r => Long(r, "tx_bytes")));
        Assert.All(burstPoints, r => Assert.InRange(Time(r, "time"), burstStart - interval, burstEnd));
        var tricklePoints = timeline.Where(r => Pid(r) == trickle.Pid && Long(r, "tx_bytes") > 0).ToList();
        Assert.Equal(trickle.Sent, tricklePoints.Sum(r => Long(r, "tx_bytes")));
        Assert.All(tricklePoints, r => Assert.InRange(Time(r, "time"), quietStart - interval, burstStart));

        // Peaks: the busiest second of all traffic lies in the burst, and the burst's two ends are who talked in it.
        var peak = Assert.Single(Rows(Pnm("peaks", session.Path, "--window", "1s", "--step", "100ms", "--top", "1")));
        Assert.True(Time(peak, "start") < burstEnd && Time(peak, "end") > burstStart, $"peak {peak} outside the burst {burstStart:O}–{burstEnd:O}");
        string talkers = peak.GetProperty("talkers").GetString()!;
        Assert.Matches($@"^pnm-trafficgen\[({burst.Pid}|{server.Pid})\] [0-9.]+ MiB, pnm-trafficgen\[({burst.Pid}|{server.Pid})\] [0-9.]+ MiB", talkers);
        // Per process, the trickle's own busiest second lies in the quiet phase.
        var tricklePeak = Rows(Pnm("peaks", session.Path, "--group-by", "pid", "--top", "1")).Single(r => Pid(r) == trickle.Pid);
        Assert.True(Time(tricklePeak, "start") < burstStart, $"{tricklePeak}");

        // A window from the burst's start on holds the burst and none of the trickle.
        string since = (burstStart - TimeSpan.FromMilliseconds(100)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffK", CultureInfo.InvariantCulture);
        var report = Rows(Pnm("report", session.Path, "--group-by", "pid", "--since", since));
        Assert.Equal((burst.Sent, burst.Received), (Long(report.Single(r => Pid(r) == burst.Pid), "tx_bytes"), Long(report.Single(r => Pid(r) == burst.Pid), "rx_bytes")));
        Assert.DoesNotContain(report, r => Pid(r) == trickle.Pid);
    }

    private static string Pnm(params string[] args)
    {
        var (code, stdout, stderr) = ChildProcess.Run(TimeSpan.FromSeconds(60), TestPaths.Pnm, [.. args, "--format", "json"]);
        Assert.True(code == 0, $"pnm {string.Join(' ', args)} failed ({code}): {stderr}");
        return stdout;
    }

    private static List<JsonElement> Rows(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.Clone()).ToList();
    }

    private static int? Pid(JsonElement row) => row.GetProperty("pid") is { ValueKind: JsonValueKind.Number } pid ? pid.GetInt32() : null;
    private static long Long(JsonElement row, string column) => row.GetProperty(column).GetInt64();
    private static DateTimeOffset Time(JsonElement row, string column) => DateTimeOffset.Parse(row.GetProperty(column).GetString()!, CultureInfo.InvariantCulture);
}
