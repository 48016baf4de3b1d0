using System.Text.Json;
using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Rendering;
using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Tests.Analyze;

/// <summary>Calls the kernel summarized count in every total, at their window's start, and are reported apart from losses.</summary>
public sealed class SummarizedIoAnalysisTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    /// <summary>A flood whose second second the ring could not hold: 1,000 calls of 100 bytes summed in the kernel.</summary>
    private static TestRecording Flood() => new TestRecording().StoppedAt(4)
        .Process(1, 100, "flood")
        .Process(2, 200, "quiet")
        .Socket(Udp(10, processId: 1))
        .Socket(Udp(20, processId: 2))
        .Tx(0.5, 1, socketId: 10, bytes: 100)
        .Summarized(1.25, 1, socketId: 10, Direction.Tx, bytes: 100_000, calls: 1000)
        .Rx(1.5, 2, socketId: 20, bytes: 30)
        .Summarized(2.0, 2, socketId: 20, Direction.Rx, bytes: 70, calls: 2)
        .Tx(3.5, 1, socketId: 10, bytes: 100);

    private static SocketRecord Udp(long socketId, long processId) => new()
    {
        SocketId = socketId, ProcessId = processId, Family = AddressFamily.Inet, Protocol = IpProtocol.Udp,
        LocalAddr = "127.0.0.1", LocalPort = 40000 + (int)socketId, RemoteAddr = "127.0.0.1", RemotePort = 53,
        FirstSeenNs = TestRecording.StartedNs, LastSeenNs = TestRecording.At(4),
    };

    [Fact]
    public void The_report_counts_their_bytes_and_calls()
    {
        var report = Analysis.Report(directory, Flood());

        var flood = report.Row(report.Column("pid").IndexOf(100L));
        var quiet = report.Row(report.Column("pid").IndexOf(200L));
        Assert.Equal((100_200L, 0L), ((long)flood["tx_bytes"]!, (long)flood["rx_bytes"]!));
        Assert.Equal(100L, quiet["rx_bytes"]);
        Assert.Equal(100_000.0, flood["peak_tx_rate"]);
        Assert.Equal(3, report.Summary.Events);
        Assert.Equal(new SummarizedIoSummary(1002, 100_070), report.Summary.Summarized);
        Assert.Equal(0, report.Summary.Losses.Lost);
    }

    [Fact]
    public void The_timeline_puts_them_in_the_interval_of_their_window_start()
    {
        var report = Analysis.Run(directory, (set, options) => Timeline.Build(set, options), null, Flood());

        Assert.Equal([100L, 100_000L, 0L, 100L], report.Column("tx_bytes"));
        Assert.Equal([0L, 30L, 70L, 0L], report.Column("rx_bytes"));
    }

    [Fact]
    public void Connections_and_protocols_count_them_too()
    {
        var connections = Analysis.Run(directory, Connections.Build, null, Flood());
        var protocols = Analysis.Run(directory, Protocols.Build, null, Flood());

        Assert.Equal(100_200L + 100, connections.Column("tx_bytes").Sum(v => (long)v!) + connections.Column("rx_bytes").Sum(v => (long)v!));
        Assert.Equal(100_300L, protocols.Column("total_bytes").Sum(v => (long)v!));
    }

    [Fact]
    public void A_window_that_leaves_out_their_start_leaves_them_out()
    {
        var report = Analysis.Report(directory, Flood(), Analysis.Between(1.5, 4));

        Assert.Equal(100L, report.Row(report.Column("pid").IndexOf(100L))["tx_bytes"]);
        Assert.Equal(new SummarizedIoSummary(2, 70), report.Summary.Summarized);
    }

    [Fact]
    public void Table_and_JSON_say_how_many_calls_were_summarized_apart_from_losses()
    {
        string table = Render(ReportRenderers.Table, Flood());
        using var json = JsonDocument.Parse(Render(ReportRenderers.Json, Flood()));

        Assert.Contains("Summarized:  1,002 calls (97.7 KiB) were summed in the kernel while its ring was full: totals stay exact, their timing is to the second.", table);
        Assert.DoesNotContain("lower bound", table);
        Assert.Equal(1002, json.RootElement.GetProperty("summarized_calls").GetInt64());
        Assert.Equal(100_070, json.RootElement.GetProperty("summarized_bytes").GetInt64());
        Assert.False(json.RootElement.GetProperty("totals_are_lower_bounds").GetBoolean());
    }

    [Fact]
    public void Without_summarized_calls_the_output_has_no_trace_of_them()
    {
        var plain = new TestRecording().Process(1, 100, "curl").Tx(0.5, 1, socketId: 10, bytes: 100);

        Assert.DoesNotContain("Summarized", Render(ReportRenderers.Table, plain));
        using var json = JsonDocument.Parse(Render(ReportRenderers.Json, plain));
        Assert.False(json.RootElement.TryGetProperty("summarized_calls", out _));
    }

    [Fact]
    public void A_version_1_recording_reports_as_the_same_recording_written_now()
    {
        var recording = new TestRecording().StoppedAt(3).Process(1, 100, "curl").Process(2, 200, "nginx")
            .Tx(0.5, 1, socketId: 10, bytes: 517).Rx(1.25, 2, socketId: 11, bytes: 2048).Loss(1, 3);
        string current = recording.WriteTo(directory.File("current.db"));
        string versionOne = SummarizedIoRecordingTests.VersionOneRecording(directory, recording.WriteTo(directory.File("v1.db")));

        foreach (string format in new[] { ReportRenderers.Table, ReportRenderers.Json, ReportRenderers.Csv })
            Assert.Equal(RenderFile(format, current).Replace("current.db", "X"), RenderFile(format, versionOne).Replace("v1.db", "X"));
    }

    private string Render(string format, TestRecording recording)
    {
        var output = new StringWriter();
        ReportRenderers.Create(format, TimeZoneInfo.Utc).Render(Analysis.Report(directory, recording), output);
        return output.ToString();
    }

    private static string RenderFile(string format, string path)
    {
        using var set = RecordingSet.Open([path]);
        var output = new StringWriter();
        ReportRenderers.Create(format, TimeZoneInfo.Utc).Render(TrafficReport.Build(set, new ReportOptions()), output);
        return output.ToString();
    }

    public void Dispose() => directory.Dispose();
}
