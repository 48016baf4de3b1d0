using System.Text.Json;
using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Rendering;
using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Tests.Analyze;

public sealed class ReportRenderingTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    private string Render(string format, TestRecording recording)
    {
        var output = new StringWriter { NewLine = "\n" };
        ReportRenderers.Create(format, TimeZoneInfo.Utc).Render(Analysis.Report(directory, recording), output);
        return output.ToString();
    }

    private static TestRecording OneProcess() =>
        new TestRecording().Process(1, 100, "curl").Tx(0.1, 1, socketId: 1, bytes: 10);

    private static string[] Warnings(string table) =>
        table.Split('\n').Where(line => line.StartsWith("WARNING:", StringComparison.Ordinal)).ToArray();

    [Fact]
    public void Table_warns_that_totals_are_lower_bounds_when_events_were_lost()
    {
        var table = Render(ReportRenderers.Table, OneProcess().Loss(0, 1200).Loss(3, 34));

        var warning = Assert.Single(Warnings(table));
        Assert.Contains("1,234 events were lost", warning);
        Assert.Contains("lower bounds", warning);
        Assert.Contains("Lost events: 1,234", table);
    }

    [Fact]
    public void Table_has_no_warning_for_a_clean_complete_recording()
    {
        var table = Render(ReportRenderers.Table, OneProcess());

        Assert.Empty(Warnings(table));
        Assert.Contains("Lost events: 0", table);
    }

    [Fact]
    public void Table_warns_when_the_recording_was_not_stopped_cleanly()
    {
        var table = Render(ReportRenderers.Table, OneProcess().NeverStopped());

        Assert.Contains("not stopped cleanly", Assert.Single(Warnings(table)));
    }

    [Fact]
    public void Table_says_so_when_nothing_was_recorded()
    {
        var table = Render(ReportRenderers.Table, new TestRecording());

        Assert.EndsWith("\n\nNo network I/O in the selected window.\n", table);
        Assert.DoesNotContain("PID", table);
    }

    [Fact]
    public void Table_prints_control_characters_in_names_as_question_marks()
    {
        var table = Render(ReportRenderers.Table,
            new TestRecording().Process(1, 100, "evil\u001b[2J").Tx(0.1, 1, socketId: 1, bytes: 1));

        Assert.DoesNotContain('\u001b', table);
        Assert.Contains("evil?[2J", table);
    }

    [Fact]
    public void Table_rows_never_wrap_however_long_the_name()
    {
        var longName = new string('x', 500);
        var table = Render(ReportRenderers.Table,
            new TestRecording().Process(1, 100, longName).Tx(0.1, 1, socketId: 1, bytes: 1));

        var rows = table.Split('\n').SkipWhile(line => !line.Contains("PID", StringComparison.Ordinal)).ToArray();
        Assert.Contains(rows, line => line.Contains(longName, StringComparison.Ordinal));
        Assert.Equal(2, rows.Count(line => line.Length > 0));
    }

    [Fact]
    public void Json_carries_the_lost_event_count_and_completeness()
    {
        using var json = JsonDocument.Parse(Render(ReportRenderers.Json, OneProcess().NeverStopped().Loss(1, 77)));

        Assert.Equal(77, json.RootElement.GetProperty("lost_events").GetInt64());
        Assert.True(json.RootElement.GetProperty("totals_are_lower_bounds").GetBoolean());
        Assert.False(json.RootElement.GetProperty("recordings")[0].GetProperty("complete").GetBoolean());
    }

    [Fact]
    public void Json_byte_counts_are_exact_integers()
    {
        const long huge = 9_007_199_254_740_993; // 2^53 + 1: a double would round it.
        using var json = JsonDocument.Parse(Render(ReportRenderers.Json,
            new TestRecording().Process(1, 100, "big").Rx(0.1, 1, socketId: 1, bytes: huge)));

        var process = json.RootElement.GetProperty("rows")[0];
        Assert.Equal("9007199254740993", process.GetProperty("rx_bytes").GetRawText());
        Assert.Equal("9007199254740993", process.GetProperty("total_bytes").GetRawText());
    }

    [Fact]
    public void Json_times_are_utc_iso_8601()
    {
        using var json = JsonDocument.Parse(Render(ReportRenderers.Json, OneProcess().StoppedAt(1.5)));

        var window = json.RootElement.GetProperty("window");
        Assert.Equal("2025-01-01T00:00:00.0000000Z", window.GetProperty("start").GetString());
        Assert.Equal("2025-01-01T00:00:01.5000000Z", window.GetProperty("end").GetString());
        Assert.Equal("2025-01-01T00:00:01.5000000Z", json.RootElement.GetProperty("recordings")[0].GetProperty("end").GetString());
    }

    [Fact]
    public void Csv_quotes_names_with_commas_quotes_and_line_breaks()
    {
        var csv = Render(ReportRenderers.Csv, new TestRecording()
            .Process(1, 100, "a,b").Process(2, 200, "say \"hi\"").Process(3, 300, "two\nlines").Process(4, 400, "plain")
            .Tx(0.1, 1, socketId: 1, bytes: 4).Tx(0.1, 2, socketId: 2, bytes: 3)
            .Tx(0.1, 3, socketId: 3, bytes: 2).Tx(0.1, 4, socketId: 4, bytes: 1));

        var rows = csv.Split('\n', 2)[1];
        Assert.Equal(
            """"
            100,"a,b",4,0,4,,,0.4,0,4,0,0,4,4,1,0
            200,"say ""hi""",3,0,3,,,0.3,0,3,0,0,3,3,1,0
            300,"two
            lines",2,0,2,,,0.2,0,2,0,0,2,2,1,0
            400,plain,1,0,1,,,0.1,0,1,0,0,1,1,1,0

            """".ReplaceLineEndings("\n"),
            rows);
    }

    [Fact]
    public void Csv_has_only_a_header_when_nothing_was_recorded()
    {
        var csv = Render(ReportRenderers.Csv, new TestRecording().Loss(0, 5));

        Assert.Equal(
            "pid,comm,tx_bytes,rx_bytes,total_bytes,wire_tx_bytes,wire_rx_bytes,avg_tx_rate,avg_rx_rate,peak_tx_rate,peak_rx_rate,p50_rate,p95_rate,p99_rate,sockets,retransmits\n",
            csv);
    }

    [Theory]
    [InlineData(ReportRenderers.Table)]
    [InlineData(ReportRenderers.Json)]
    [InlineData(ReportRenderers.Csv)]
    public void Each_format_writes_the_peak_talkers_as_one_text_busiest_first(string format)
    {
        var recording = new TestRecording().StoppedAt(1).Process(1, 100, "a").Process(2, 200, "b").Process(3, 300, "c").Process(4, 400, "d")
            .Tx(0.1, 1, socketId: 1, bytes: 4096).Tx(0.1, 2, socketId: 2, bytes: 2048).Tx(0.1, 3, socketId: 3, bytes: 10)
            .Tx(0.1, 4, socketId: 4, bytes: 5).Tx(0.1, 9, socketId: 9, bytes: 1024);
        var report = Analysis.Run(directory, (set, options) => Peaks.Build(set, options, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100), 1),
            null, recording);
        var output = new StringWriter { NewLine = "\n" };

        ReportRenderers.Create(format, TimeZoneInfo.Utc).Render(report, output);

        // Process 9 was never described: no name, no pid.
        Assert.Contains("a[100] 4.0 KiB, b[200] 2.0 KiB, ?[?] 1.0 KiB, +2 more", output.ToString());
    }

    [Theory]
    [InlineData(ReportRenderers.Table, typeof(TableReportRenderer))]
    [InlineData(ReportRenderers.Json, typeof(JsonReportRenderer))]
    [InlineData(ReportRenderers.Csv, typeof(CsvReportRenderer))]
    public void Each_format_name_has_its_renderer(string format, Type rendererType)
    {
        Assert.IsType(rendererType, ReportRenderers.Create(format, TimeZoneInfo.Utc));
        Assert.Contains(format, ReportRenderers.FormatNames);
    }

    [Fact]
    public void An_unknown_format_name_lists_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => ReportRenderers.Create("xml", TimeZoneInfo.Utc));

        Assert.Contains("table, json, csv", error.Message);
    }

    public void Dispose() => directory.Dispose();
}
