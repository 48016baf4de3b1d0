using System.Net;
using System.Net.Sockets;
using Dapper;
using Microsoft.Data.Sqlite;
using ProcNetMon2.Record;
using ProcNetMon2.Schema;
using Xunit;

namespace ProcNetMon2.IntegrationTests;

/// <summary>
/// A ring too small for the traffic: socket calls it cannot hold are summed in the kernel, so totals stay
/// exact; only a full overflow map loses calls, and then visibly.
/// </summary>
public sealed class LossAccountingTests
{
    private const int Datagrams = 50_000, Size = 64;
    /// <summary>
    /// Long enough (about a second each) that two floods started together surely overlap: one that ran alone after
    /// the other could find the overflow maps swapped and drained, take the one entry, and lose nothing.
    /// </summary>
    private const int OverlappingDatagrams = 400_000;

    /// <summary>
    /// A 16 KiB ring for the traffic generator's processes only: other work on the machine must not fill the
    /// room the ring keeps for process events, and make these tests count its losses.
    /// </summary>
    private static readonly string[] TinyRingOfTheTestAlone = ["--ring-size", "16K", "--comm", "pnm-trafficgen"];

    [RootFact]
    public void TinyRing_SummarizesTheFloodAndTotalsStayExact_Sqlite() => AssertExactUnderFlood("trace.db");

    [RootFact]
    public void TinyRing_SummarizesTheFloodAndTotalsStayExact_Segments() => AssertExactUnderFlood("trace.pnm");

    private static void AssertExactUnderFlood(string fileName)
    {
        using var sink = SilentReceiver(out string port);
        using var session = RecordingSession.StartAs(fileName, TinyRingOfTheTestAlone);
        var flood = Traffic.RunToEnd("udp-flood", "4", port, Datagrams.ToString(), Size.ToString());
        string recorderLog = session.Stop();

        var report = PnmReport.Of(session.Path);
        Assert.Equal(Datagrams * (long)Size, flood.Sent);
        Assert.Equal((flood.Sent, 0L), report.BytesOf(flood.Pid));
        Assert.True(report.SummarizedCalls > 0, "a 16 KiB ring under a 50k-datagram flood summarized nothing");
        Assert.Equal(0, report.LostEvents);
        Assert.DoesNotContain("events lost", recorderLog);

        var (code, table, _) = ChildProcess.Run(TimeSpan.FromSeconds(30), TestPaths.Pnm, "report", session.Path);
        Assert.Equal(0, code);
        Assert.Contains("Summarized:", table);
        Assert.DoesNotContain("lower bound", table);

        // Every call of the flood is in the recording exactly once: as an event, or inside a summarized row.
        using var source = RecordingFile.Open(session.Path);
        var processes = source.ReadProcesses().Where(p => p.Pid == flood.Pid).Select(p => p.ProcessId).ToHashSet();
        long events = source.ReadEvents().Count(e => processes.Contains(e.ProcessId) && e.Direction == Direction.Tx);
        long summarizedCalls = source.ReadSummarizedIo()
            .Where(s => processes.Contains(s.ProcessId)).Sum(s => s.Calls);
        Assert.Equal(Datagrams, events + summarizedCalls);
        Assert.True(events > 0, "no call reached the ring at all");
    }

    [RootFact]
    public void TinyRing_BothEndsOfATcpFloodStayExact()
    {
        using var session = RecordingSession.Start(TinyRingOfTheTestAlone);
        using var server = Traffic.StartServer("tcp-server", "4", "100000", out string port);
        var client = Traffic.RunToEnd("tcp-flood", "4", port, "200000", Size.ToString());
        var served = Traffic.Finish(server);
        session.Stop();

        var report = PnmReport.Of(session.Path);
        Assert.Equal((200_000L * Size, 100_000L), (client.Sent, client.Received));
        Assert.Equal((client.Sent, client.Received), report.BytesOf(client.Pid));
        Assert.Equal((served.Sent, served.Received), report.BytesOf(served.Pid));
        Assert.True(report.SummarizedCalls > 0, "a 16 KiB ring under a 200k-call TCP flood summarized nothing");
        Assert.Equal(0, report.LostEvents);
    }

    [RootFact]
    public void TinyRing_KeepsRoomForProcessEvents()
    {
        using var sink = SilentReceiver(out string port);
        using var session = RecordingSession.Start(TinyRingOfTheTestAlone);
        var flood = Traffic.RunToEnd("udp-flood", "4", port, Datagrams.ToString(), Size.ToString());
        session.Stop();

        using var db = new SqliteConnection($"Data Source={session.Path};Mode=ReadOnly;Pooling=False");
        // The flood's exec and exit found room in the ring while its sends overflowed.
        var (execNs, exitNs) = db.QuerySingle<(long?, long?)>("SELECT MAX(exec_ns), MAX(exit_ns) FROM processes WHERE pid = @pid", new { pid = flood.Pid });
        Assert.NotNull(execNs);
        Assert.NotNull(exitNs);
        Assert.Equal(0, db.ExecuteScalar<long>("SELECT COALESCE(SUM(lost), 0) FROM losses"));
        var (cpuSeconds, rssBytes, ringPeak) = db.QuerySingle<(double, long, long)>(
            "SELECT SUM(cpu_seconds), MAX(rss_bytes), MAX(ring_fill_peak_bytes) FROM recorder_stats");
        Assert.True(cpuSeconds > 0 && rssBytes > 10_000_000, $"recorder stats: {cpuSeconds} s CPU, {rssBytes} bytes RSS");
        Assert.InRange(ringPeak, 1, 16 * 1024);
        // The kernel's count of summarized calls, per second, adds up to the calls the recording holds summed.
        long counted = db.ExecuteScalar<long>("SELECT SUM(calls_summarized) FROM recorder_stats");
        Assert.True(counted > 0);
        Assert.Equal(db.ExecuteScalar<long>("SELECT SUM(calls) FROM summarized_io"), counted);
    }

    /// <summary>
    /// With room for one summed entry, two floods at once overflow it: the calls that find neither ring nor
    /// map space are counted as lost, per second and CPU, and the report says totals are lower bounds.
    /// </summary>
    [RootFact]
    public void FullOverflowMap_CountsEveryCallItCannotHoldAsLost()
    {
        RootRequirement.Ensure();
        using var sink = SilentReceiver(out string port);
        string directory = TestPaths.NewTempDirectory();
        string path = Path.Combine(directory, "trace.db");
        try
        {
            var options = new RecordOptions { OutputPath = path, RingBytes = 16 * 1024, OverflowMapEntries = 1 };
            using var stop = new CancellationTokenSource();
            using var started = new ManualResetEventSlim();
            var recorder = Task.Run(() => Recorder.Run(options, stop.Token, message =>
            {
                if (message.StartsWith("recording to", StringComparison.Ordinal))
                    started.Set();
            }, _ => { }));
            Assert.True(started.Wait(TimeSpan.FromSeconds(30)) || recorder.IsFaulted, "the recorder did not start");
            var floods = Enumerable.Range(0, 2)
                .Select(_ => Task.Run(() => Traffic.RunToEnd("udp-flood", "4", port, OverlappingDatagrams.ToString(), Size.ToString())))
                .ToArray();
            Task.WaitAll(floods);
            stop.Cancel();
            var summary = recorder.GetAwaiter().GetResult();

            using var db = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
            long lost = db.ExecuteScalar<long>("SELECT COALESCE(SUM(lost), 0) FROM losses");
            Assert.True(lost > 0, "two floods through one overflow entry lost nothing");
            Assert.Equal(summary.LostEvents, lost);
            Assert.True(db.ExecuteScalar<long>("SELECT COUNT(*) FROM summarized_io") > 0);
            long recordedCalls = 0;
            foreach (var flood in floods.Select(f => f.Result))
            {
                var (calls, bytes) = db.QuerySingle<(long, long)>(
                    "SELECT COALESCE(SUM(calls), 0), COALESCE(SUM(bytes), 0) FROM io WHERE pid = @pid AND direction = 'tx'", new { pid = flood.Pid });
                Assert.Equal(calls * Size, bytes);
                Assert.True(bytes <= flood.Sent);
                recordedCalls += calls;
            }
            // Every send is recorded (alone or summed) or counted as lost (the count also holds other processes' calls).
            Assert.True(recordedCalls + lost >= 2 * OverlappingDatagrams, $"recorded {recordedCalls} + lost {lost} < {2 * OverlappingDatagrams} sends");
            Assert.True(recordedCalls < 2 * OverlappingDatagrams);

            var report = PnmReport.Of(path);
            Assert.Equal(lost, report.LostEvents);
            var (code, table, _) = ChildProcess.Run(TimeSpan.FromSeconds(30), TestPaths.Pnm, "report", path);
            Assert.Equal(0, code);
            Assert.Contains("lower bound", table);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A receiver that never reads: sendto succeeds for every datagram, the kernel drops the excess.</summary>
    private static Socket SilentReceiver(out string port)
    {
        var sink = new Socket(System.Net.Sockets.AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        port = ((IPEndPoint)sink.LocalEndPoint!).Port.ToString();
        return sink;
    }
}
