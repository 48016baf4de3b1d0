using System.Globalization;
using Spectre.Console;

namespace ProcNetMon2.Analyze.Rendering;

/// <summary>A header describing what was read and any warnings, then an aligned table for people.</summary>
public sealed class TableReportRenderer(TimeZoneInfo zone) : IReportRenderer
{
    public void Render(AnalysisReport report, TextWriter output)
    {
        WriteHeader(report.Summary, output);
        output.WriteLine();
        if (report.Table.Rows.Count == 0)
        {
            output.WriteLine(report.Summary.Events == 0 ? "No network I/O in the selected window." : "No rows match.");
            return;
        }
        Render(report.Table, output);
    }

    /// <summary>The rows alone, as an aligned table.</summary>
    /// <param name="styleOf">A colour for a cell (column, value), or null; given only when the output is a terminal.</param>
    public void Render(ResultTable table, TextWriter output, Func<ResultColumn, object?, Style?>? styleOf = null)
    {
        var grid = PlainTable.Create();
        for (int i = 0; i < table.Columns.Count; i++)
        {
            var column = table.Columns[i];
            PlainTable.AddColumn(grid, column.Header, column.IsNumeric ? Justify.Right : Justify.Left, isLast: i == table.Columns.Count - 1);
        }
        // Text, not markup: a process name such as "[kworker]" must print as it is.
        foreach (var row in table.Rows)
            grid.AddRow(row.Select((value, i) => new Text(CellText.Readable(value, table.Columns[i].Kind, zone), styleOf?.Invoke(table.Columns[i], value))).ToArray());
        PlainTable.Write(grid, output, colours: styleOf is not null);
    }

    internal void WriteHeader(AnalysisSummary summary, TextWriter output)
    {
        var invariant = CultureInfo.InvariantCulture;
        if (summary.Recordings.Count == 1)
        {
            var recording = summary.Recordings[0];
            output.WriteLine($"Recording:   {TerminalSafeText.From(recording.Path)}");
            output.WriteLine($"Host:        {TerminalSafeText.From(recording.Host)}");
            output.WriteLine($"Kernel:      {TerminalSafeText.From(recording.KernelRelease)}");
            output.WriteLine($"Backend:     {TerminalSafeText.From(recording.Backend)}");
            if (recording.Filters.Length > 0)
                output.WriteLine($"Filters:     {TerminalSafeText.From(recording.Filters)}");
        }
        else
        {
            output.WriteLine(string.Create(invariant, $"Recordings:  {summary.Recordings.Count}"));
            foreach (var recording in summary.Recordings)
                output.WriteLine($"  {TerminalSafeText.From(recording.Path)}  {TerminalSafeText.From(recording.Host)}  " +
                                 $"{ReportTime.Readable(recording.StartWallNs, zone)} to {ReportTime.Readable(recording.EndWallNs, zone)}");
        }
        output.WriteLine(string.Create(invariant,
            $"Window:      {ReportTime.Readable(summary.Window.StartWallNs, zone)} to {ReportTime.Readable(summary.Window.EndWallNs, zone)} ({summary.Window.Seconds:0.000} s)"));
        output.WriteLine(string.Create(invariant, $"Events:      {summary.Events:N0}"));
        output.WriteLine(string.Create(invariant, $"Lost events: {summary.Losses.Lost:N0}"));
        if (summary.Losses.Lost > 0)
        {
            output.WriteLine(string.Create(invariant,
                $"WARNING: {summary.Losses.Lost:N0} events were lost in {summary.Losses.Windows.Count:N0} one-second window(s) of the selection; all totals and rates are lower bounds."));
            const int shown = 5;
            foreach (var window in summary.Losses.Windows.Take(shown))
                output.WriteLine(string.Create(invariant, $"         {window.Lost:N0} lost in the second from {ReportTime.Readable(window.StartWallNs, zone)}"));
            if (summary.Losses.Windows.Count > shown)
                output.WriteLine(string.Create(invariant, $"         … and {summary.Losses.Windows.Count - shown:N0} more windows"));
        }
        if (summary.Losses.FlowUpdatesLost > 0)
            output.WriteLine(string.Create(invariant,
                $"WARNING: {summary.Losses.FlowUpdatesLost:N0} packets were not counted in the selection (the kernel's flow map was full); wire bytes are lower bounds."));
        if (summary.Summarized.Calls > 0)
            output.WriteLine(string.Create(invariant,
                $"Summarized:  {summary.Summarized.Calls:N0} calls ({HumanBytes.Format(summary.Summarized.Bytes)}) were summed in the kernel while its ring was full: totals stay exact, their timing is to the second."));
        foreach (var recording in summary.Recordings.Where(r => !r.Complete))
            output.WriteLine($"WARNING: {TerminalSafeText.From(recording.Path)} was not stopped cleanly (no stop time); its span ends at its last event.");
        foreach (string note in summary.Notes)
            output.WriteLine($"Note: {note}");
    }
}
