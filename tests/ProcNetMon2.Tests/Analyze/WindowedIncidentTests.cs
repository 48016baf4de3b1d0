using Microsoft.Data.Sqlite;
using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Tests.Analyze;

/// <summary>Retransmits counted by their time where the recording holds timestamped incidents; socket totals where it does not.</summary>
public sealed class WindowedIncidentTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    /// <summary>A lossy first second (3 retransmits), a quiet second, one more retransmit in the third; resets are not retransmits.</summary>
    private static TestRecording LossyThenQuiet() => new TestRecording().StoppedAt(4)
        .Process(1, 100, "client").Process(2, 200, "other")
        .Socket(TrafficReportTests.Socket(5, processId: 1) with { Retransmits = 4, ResetsSent = 1 })
        .Socket(TrafficReportTests.Socket(6, processId: 2))
        .Tx(0.1, 1, socketId: 5, bytes: 1000).Tx(1.5, 1, socketId: 5, bytes: 10).Tx(2.5, 1, socketId: 5, bytes: 10)
        .Tx(0.2, 2, socketId: 6, bytes: 500).Tx(2.2, 2, socketId: 6, bytes: 500)
        .Incident(0.3, socketId: 5).Incident(0.4, socketId: 5).Incident(0.9, socketId: 5)
        .Incident(2.6, socketId: 5)
        .Incident(2.7, socketId: 5, TcpIncident.ResetSent)
        // A retransmit of a socket no event named: counted on no group.
        .Incident(0.5, socketId: 0);

    [Theory]
    [InlineData(0, 1, 3)]
    [InlineData(1, 2, 0)]
    [InlineData(2, 4, 1)]
    [InlineData(0, 4, 4)]
    public void A_report_counts_the_retransmits_inside_its_window(double from, double to, long expected)
    {
        var report = Analysis.Report(directory, LossyThenQuiet(), Analysis.Between(from, to));

        Assert.Equal(expected, RetransmitsOf(report, "client"));
        Assert.Equal(0L, RetransmitsOf(report, "other"));
    }

    [Fact]
    public void Connections_show_each_sockets_retransmits_inside_the_window()
    {
        var report = Analysis.Run(directory, Connections.Build, Analysis.Between(0, 1), LossyThenQuiet());

        var rows = Enumerable.Range(0, report.Table.Rows.Count).Select(report.Row).ToDictionary(r => (string)r["comm"]!);
        Assert.Equal(3L, rows["client"]["retransmits"]);
        Assert.Equal(0L, rows["other"]["retransmits"]);
    }

    [Fact]
    public void A_recording_without_incident_records_counts_whole_life_totals_in_any_window()
    {
        var report = Analysis.Report(directory, new TestRecording().StoppedAt(4)
            .Process(1, 100, "client")
            .Socket(TrafficReportTests.Socket(5, processId: 1) with { Retransmits = 4, LastSeenNs = TestRecording.At(3) })
            .Tx(0.1, 1, socketId: 5, bytes: 1000).Tx(2.5, 1, socketId: 5, bytes: 10), Analysis.Between(2, 3));

        Assert.Equal(4L, RetransmitsOf(report, "client"));
    }

    [Theory]
    [InlineData("report", "table")]
    [InlineData("report", "json")]
    [InlineData("connections", "json")]
    [InlineData("connections", "table")]
    public async Task A_recording_made_before_incidents_were_kept_reports_exactly_as_before(string command, string format)
    {
        string path = GoldenRecording.Create().WriteTo(directory.File("golden.db"));
        Execute(path, "DROP VIEW incidents; DROP TABLE tcp_incidents; ALTER TABLE recorder_stats DROP COLUMN flow_updates_lost");

        var run = await PnmRun.Of(command, path, "--format", format);

        Assert.True(run.Code == 0, run.Error);
        string golden = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Analyze", "Golden", $"{command}.{(format == "table" ? "txt" : format)}"));
        Assert.Equal(golden.ReplaceLineEndings("\n"), run.Output.Replace(path, GoldenRecording.PathShownInReports));
    }

    [Fact]
    public async Task Uncounted_packets_in_the_window_make_the_table_warn_that_wire_bytes_are_lower_bounds()
    {
        string path = FlowLossRecording().WriteTo(directory.File("flow-loss.db"));

        var inside = await PnmRun.Of("report", path, "--since", "+1s", "--until", "+2s");
        var outside = await PnmRun.Of("report", path, "--since", "+2s");

        Assert.Contains("WARNING: 1,234 packets were not counted in the selection (the kernel's flow map was full); wire bytes are lower bounds.",
            inside.Output.Split('\n'));
        Assert.DoesNotContain("flow map", outside.Output);
    }

    [Fact]
    public async Task Uncounted_packets_in_the_window_are_a_json_field()
    {
        string path = FlowLossRecording().WriteTo(directory.File("flow-loss.db"));

        var inside = await PnmRun.Of("report", path, "--format", "json", "--since", "+1s", "--until", "+2s");
        var outside = await PnmRun.Of("report", path, "--format", "json", "--since", "+2s");

        using var json = System.Text.Json.JsonDocument.Parse(inside.Output);
        Assert.True(json.RootElement.GetProperty("wire_bytes_are_lower_bounds").GetBoolean());
        Assert.Equal(1234, json.RootElement.GetProperty("flow_updates_lost").GetInt64());
        using var quiet = System.Text.Json.JsonDocument.Parse(outside.Output);
        Assert.False(quiet.RootElement.TryGetProperty("flow_updates_lost", out _));
        Assert.False(quiet.RootElement.TryGetProperty("wire_bytes_are_lower_bounds", out _));
    }

    [Fact]
    public void The_flow_loss_of_every_flush_window_overlapping_the_selection_adds_up()
    {
        string path = FlowLossRecording().FlushWindow(0.5, flowUpdatesLost: 6).WriteTo(directory.File("flow-loss.db"));
        using var set = RecordingSet.Open([path]);

        Assert.Equal(1240, LossSummary.Of(set, Analysis.Between(1, 2).WindowOf(set)).FlowUpdatesLost);
        Assert.Equal(6, LossSummary.Of(set, Analysis.Between(0, 1).WindowOf(set)).FlowUpdatesLost);
        Assert.Equal(0, LossSummary.Of(set, Analysis.Between(2, 4).WindowOf(set)).FlowUpdatesLost);
    }

    private static TestRecording FlowLossRecording() => new TestRecording().StoppedAt(4)
        .Process(1, 100, "client")
        .Socket(TrafficReportTests.Socket(5, processId: 1))
        .Tx(0.1, 1, socketId: 5, bytes: 1000).Tx(2.5, 1, socketId: 5, bytes: 10)
        .Flow(1, socketId: 5, Direction.Tx, packets: 10, bytes: 15_000)
        .FlushWindow(0, flowUpdatesLost: 0).FlushWindow(1, flowUpdatesLost: 1234).FlushWindow(2, flowUpdatesLost: 0);

    private static long RetransmitsOf(AnalysisReport report, string comm)
    {
        int row = report.Column("comm").IndexOf(comm);
        return row < 0 ? 0 : (long)report.Cell(row, "retransmits")!;
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => directory.Dispose();
}
