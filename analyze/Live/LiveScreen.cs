using Spectre.Console;
using Spectre.Console.Rendering;

namespace ProcNetMon2.Analyze.Live;

/// <summary>What the full-screen view shows besides the board: its mode and the keys' state.</summary>
/// <param name="FilterInput">Null unless the user is typing a filter.</param>
public sealed record LiveScreenState(bool Paused, bool Ended, string? FilterInput, TimeSpan Interval);

/// <summary>
/// One frame of pnm top's full-screen view: two header lines (the machine, the recorder), the groups as
/// a table cut to the terminal's height, and a line of keys. Groups whose processes have exited are
/// dimmed; colour is only an accent, so NO_COLOR (which Spectre.Console honours) loses nothing.
/// </summary>
public static class LiveScreen
{
    /// <summary>Lines the frame uses besides the table's rows.</summary>
    private const int FixedLines = 6;

    public static IRenderable Render(LiveBoard board, LiveScreenState state, int height)
    {
        if (board.Latest is not { } snapshot)
            return new Markup($"[bold]pnm top[/]: waiting for the first interval ({state.Interval.TotalSeconds:0.###} s)…");
        var header = LiveHeader.Of(snapshot, board.Rows).ToDictionary(p => p.Label, p => p.Value);
        var title = new Markup(
            $"[bold cyan]pnm top[/]  {Escape(header["time"])}  host [bold]{Escape(header["host"])}[/]  backend {Escape(header["backend"])}");
        var totals = new Markup(
            $"total tx [bold]{Escape(header["tx"])}[/]  rx [bold]{Escape(header["rx"])}[/]  events {Escape(header["events"])}  " +
            $"lost {Escape(header["lost"])}  pnm cpu {Escape(header["cpu"])}  mem {Escape(header["mem"])}  ring {Escape(header["ring"])}");

        var lines = board.Lines();
        int shown = Math.Max(0, Math.Min(lines.Count, height - FixedLines));
        var table = new Table().Border(TableBorder.None);
        var headers = LiveTable.Headers(board.Groups);
        int sorted = SortedColumn(board);
        for (int i = 0; i < headers.Count; i++)
        {
            string text = Escape(headers[i]) + (i == sorted ? (board.Reversed ? " ▲" : " ▼") : "");
            table.AddColumn(new TableColumn(new Markup(i == sorted ? $"[bold underline]{text}[/]" : $"[bold]{text}[/]"))
            {
                Alignment = LiveTable.IsNumeric(board.Groups, i) ? Justify.Right : Justify.Left,
                NoWrap = true,
            });
        }
        foreach (var line in lines.Take(shown))
        {
            var style = line.Group.Exited ? new Style(decoration: Decoration.Dim) : Style.Plain;
            table.AddRow(LiveTable.Cells(line).Select(c => (IRenderable)new Text(c, style)).ToArray());
        }

        string more = lines.Count > shown ? $"  (+{lines.Count - shown} more)" : "";
        string mode = state.Ended ? "  [reverse] ENDED [/]" : state.Paused ? "  [reverse] PAUSED [/]" : "";
        var keys = new Markup(state.FilterInput is { } input
            ? $"filter: {Escape(input)}▏  (Enter keep, Esc clear)"
            : $"[bold]q[/] quit  [bold]s[/] sort: {board.Sort.ToString().ToLowerInvariant()}  [bold]r[/] reverse  [bold]p[/] pause  " +
              $"[bold]g[/] group: {Escape(string.Join(',', board.Groups.Columns))}  [bold]/[/] filter{(board.Filter.Length > 0 ? $": {Escape(board.Filter)}" : "")}" +
              Escape(more) + mode);
        return new Rows(title, totals, table, keys);
    }

    /// <summary>The column the sort follows, when one column shows it.</summary>
    private static int SortedColumn(LiveBoard board)
    {
        int keys = board.Groups.Columns.Count;
        return board.Sort switch
        {
            LiveSort.Name => 0,
            LiveSort.TxRate => keys,
            LiveSort.RxRate => keys + 1,
            LiveSort.Total => keys + 2,
            LiveSort.Peak => keys + 4,
            LiveSort.Sockets => keys + 5,
            _ => -1,
        };
    }

    private static string Escape(string text) => Markup.Escape(text);
}
