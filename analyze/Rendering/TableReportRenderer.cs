using System.Globalization;
using Spectre.Console;

namespace ProcNetMon2.Analyze.Rendering;

/// <summary>A header describing the recording, any warnings, then an aligned table for people.</summary>
public sealed class TableReportRenderer : IReportRenderer
{
    public void Render(ProcessReport report, TextWriter output)
    {
        WriteHeader(report.Summary, output);
        output.WriteLine();
        if (report.Rows.Count == 0)
        {
            output.WriteLine("No network I/O was recorded.");
            return;
        }
        CreatePlainConsole(output).Write(BuildTable(report.Rows));
    }

    private static void WriteHeader(RecordingSummary summary, TextWriter output)
    {
        var invariant = CultureInfo.InvariantCulture;
        output.WriteLine($"Recording:   {TerminalSafeText.From(summary.Path)}");
        output.WriteLine($"Host:        {TerminalSafeText.From(summary.Host)}");
        output.WriteLine($"Kernel:      {TerminalSafeText.From(summary.KernelRelease)}");
        output.WriteLine($"Backend:     {TerminalSafeText.From(summary.Backend)}");
        if (summary.Filters.Length > 0)
            output.WriteLine($"Filters:     {TerminalSafeText.From(summary.Filters)}");
        output.WriteLine(string.Create(invariant,
            $"Span:        {ReportTime.Readable(summary.SpanStart)} to {ReportTime.Readable(summary.SpanEnd)} ({summary.DurationSeconds:0.000} s)"));
        output.WriteLine(string.Create(invariant, $"Events:      {summary.EventCount:N0}"));
        output.WriteLine(string.Create(invariant, $"Lost events: {summary.LostEvents:N0}"));
        if (summary.LostEvents > 0)
        {
            output.WriteLine(string.Create(invariant,
                $"WARNING: {summary.LostEvents:N0} events were lost in {summary.LossWindows.Count:N0} one-second window(s); all totals and rates are lower bounds."));
            const int shown = 5;
            foreach (var window in summary.LossWindows.Take(shown))
                output.WriteLine(string.Create(invariant, $"         {window.Lost:N0} lost in the second from {ReportTime.Readable(window.Start)}"));
            if (summary.LossWindows.Count > shown)
                output.WriteLine(string.Create(invariant, $"         … and {summary.LossWindows.Count - shown:N0} more windows"));
        }
        if (!summary.Complete)
        {
            output.WriteLine(
                "WARNING: the recording was not stopped cleanly (no stop time); its span ends at its last event.");
        }
    }

    private static Table BuildTable(IReadOnlyList<ProcessRow> rows)
    {
        var table = new Table().Border(TableBorder.None);
        AddColumn(table, "PID", Justify.Right);
        AddColumn(table, "NAME", Justify.Left);
        AddColumn(table, "TX", Justify.Right);
        AddColumn(table, "RX", Justify.Right);
        AddColumn(table, "TX/s", Justify.Right);
        AddColumn(table, "RX/s", Justify.Right);
        AddColumn(table, "PEAK TX/s", Justify.Right);
        AddColumn(table, "PEAK RX/s", Justify.Right);
        AddColumn(table, "SOCKETS", Justify.Right, isLast: true);
        foreach (var row in rows)
        {
            // Text, not markup: a process name such as "[kworker]" must print as it is.
            table.AddRow(
                new Text(row.Pid?.ToString(CultureInfo.InvariantCulture) ?? "?"),
                new Text(TerminalSafeText.From(row.Name)),
                new Text(HumanBytes.Format(row.TxBytes)),
                new Text(HumanBytes.Format(row.RxBytes)),
                new Text(HumanBytes.Format(row.AvgTxBytesPerSec)),
                new Text(HumanBytes.Format(row.AvgRxBytesPerSec)),
                new Text(HumanBytes.Format(row.PeakTxBytesPerSec)),
                new Text(HumanBytes.Format(row.PeakRxBytesPerSec)),
                new Text(row.Sockets.ToString(CultureInfo.InvariantCulture)));
        }
        return table;
    }

    private static void AddColumn(Table table, string header, Justify alignment, bool isLast = false) =>
        table.AddColumn(new TableColumn(header) { Alignment = alignment, Padding = new Padding(0, 0, isLast ? 0 : 2, 0) });

    /// <summary>
    /// The same bytes whether the writer is a terminal, a pipe or a test: no colour or cursor codes, and a
    /// width that never makes a row wrap.
    /// </summary>
    private static IAnsiConsole CreatePlainConsole(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
            Enrichment = new ProfileEnrichment { UseDefaultEnrichers = false },
        });
        console.Profile.Width = int.MaxValue;
        return console;
    }
}
