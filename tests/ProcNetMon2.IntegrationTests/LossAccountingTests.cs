using System.Net;
using System.Net.Sockets;
using Dapper;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ProcNetMon2.IntegrationTests;

/// <summary>A ring too small for the traffic must lose events visibly, never silently.</summary>
public sealed class LossAccountingTests
{
    [RootFact]
    public void TinyRing_CountsEveryDroppedEventAndReportWarns()
    {
        const int datagrams = 50_000;
        // A receiver that never reads: sendto succeeds for every datagram, the kernel drops the excess.
        using var sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        string port = ((IPEndPoint)sink.LocalEndPoint!).Port.ToString();

        using var session = RecordingSession.Start("--ring-size", "4K");
        var flood = Traffic.RunToEnd("udp-flood", "4", port, datagrams.ToString(), "64");
        string recorderLog = session.Stop();

        var report = PnmReport.Of(session.Path);
        Assert.True(report.LostEvents > 0, "a 4 KiB ring under a 50k-datagram flood lost nothing: the counter does not work");
        Assert.Contains("events lost", recorderLog);

        using var db = new SqliteConnection($"Data Source={session.Path};Mode=ReadOnly;Pooling=False");
        long recordedSends = db.ExecuteScalar<long>("SELECT COUNT(*) FROM io WHERE pid = @pid AND direction = 'tx'", new { pid = flood.Pid });
        long lostPerSecondSum = db.ExecuteScalar<long>("SELECT SUM(lost) FROM losses");
        Assert.Equal(report.LostEvents, lostPerSecondSum);
        Assert.Equal(0, db.ExecuteScalar<long>("SELECT COUNT(*) FROM losses WHERE cpu IS NULL OR cpu < 0"));
        // The recorder's own account of that second: its CPU, memory, and a ring filled to the brim.
        var (cpuSeconds, rssBytes, ringPeak) = db.QuerySingle<(double, long, long)>(
            "SELECT SUM(cpu_seconds), MAX(rss_bytes), MAX(ring_fill_peak_bytes) FROM recorder_stats");
        Assert.True(cpuSeconds > 0 && rssBytes > 10_000_000, $"recorder stats: {cpuSeconds} s CPU, {rssBytes} bytes RSS");
        Assert.InRange(ringPeak, 2048, 4096);
        // Every sendto is either recorded or counted as lost (the loss also counts other processes' events).
        Assert.True(recordedSends + report.LostEvents >= datagrams, $"recorded {recordedSends} + lost {report.LostEvents} < {datagrams} sends");
        Assert.True(recordedSends < datagrams);

        var (code, table, _) = ChildProcess.Run(TimeSpan.FromSeconds(30), TestPaths.Pnm, "report", session.Path);
        Assert.Equal(0, code);
        Assert.Contains("WARNING", table);
        Assert.Contains("lower bound", table);
    }
}
