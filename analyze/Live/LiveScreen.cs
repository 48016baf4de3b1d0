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

    public static IRenderable Render(LiveBoard board, LiveScreenState state, int width, int height)
    {
        if (board.Latest is not { } snapshot)
            return new FittedLine(width).Add("pnm top", Bold).Add($": waiting for the first interval ({state.Interval.TotalSeconds:0.###} s)…").ToParagraph();
        var header = LiveHeader.Of(snapshot, board.Rows).ToDictionary(p => p.Label, p => p.Value);
        var title = new FittedLine(width).Add("pnm top", new Style(Color.Aqua, decoration: Decoration.Bold)).Add($"  {header["time"]}  host ")
            .Add(header["host"], Bold).Add($"  backend {header["backend"]}");
        var totals = new FittedLine(width).Add("total tx ").Add(header["tx"], Bold).Add("  rx ").Add(header["rx"], Bold)
            .Add($"  events {header["events"]}  lost {header["lost"]}  pnm cpu {header["cpu"]}  mem {header["mem"]}  ring {header["ring"]}");

        var lines = board.Lines();
        int shown = Math.Max(0, Math.Min(lines.Count, height - FixedLines));
        var cells = lines.Take(shown).Select(LiveTable.Cells).ToList();
        var headers = LiveTable.Headers(board.Groups);
        int sorted = SortedColumn(board);
        var table = new Table().Border(TableBorder.None);
        int columns = ColumnsThatFit(headers, cells, width);
        for (int i = 0; i < columns; i++)
        {
            string text = headers[i] + (i == sorted ? (board.Reversed ? " ▲" : " ▼") : "");
            table.AddColumn(new TableColumn(new Text(text, i == sorted ? new Style(decoration: Decoration.Bold | Decoration.Underline) : Bold))
            {
                Alignment = LiveTable.IsNumeric(board.Groups, i) ? Justify.Right : Justify.Left,
                NoWrap = true,
            });
        }
        for (int row = 0; row < cells.Count; row++)
        {
            var style = lines[row].Group.Exited ? new Style(decoration: Decoration.Dim) : Style.Plain;
            table.AddRow(cells[row].Take(columns).Select(c => (IRenderable)new Text(c, style)).ToArray());
        }

        var keys = new FittedLine(width);
        if (state.FilterInput is { } input)
        {
            keys.Add($"filter: {input}▏  (Enter keep, Esc clear)");
        }
        else
        {
            keys.Add(lines.Count > shown ? $"(+{lines.Count - shown} more)  " : "").Add("q", Bold).Add(" quit  ").Add("s", Bold).Add($" sort: {board.Sort.ToString().ToLowerInvariant()}  ").Add("r", Bold).Add(" reverse  ")
                .Add("p", Bold).Add(" pause  ").Add("g", Bold).Add($" group: {string.Join(',', board.Groups.Columns)}  ").Add("/", Bold)
                .Add(" filter" + (board.Filter.Length > 0 ? $": {board.Filter}" : ""));
            if (state.Ended || state.Paused)
                keys.Add("  ").Add(state.Ended ? " ENDED " : " PAUSED ", new Style(decoration: Decoration.Invert));
        }
        return new Rows(title.ToParagraph(), totals.ToParagraph(), table, keys.ToParagraph());
    }

    private static readonly Style Bold = new(decoration: Decoration.Bold);

    /// <summary>How many columns, from the left, fit the terminal's width (at least the first): the rest are left out rather than wrapped.</summary>
    private static int ColumnsThatFit(IReadOnlyList<string> headers, List<string[]> cells, int width)
    {
        int used = 0;
        for (int i = 0; i < headers.Count; i++)
        {
            // The widest cell, room for the sort arrow, and the space between columns.
            int column = Math.Max(headers[i].Length + 2, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length)) + 1;
            if (i > 0 && used + column > width)
                return i;
            used += column;
        }
        return headers.Count;
    }

    /// <summary>One line of styled pieces, cut with an ellipsis at the terminal's width instead of wrapping.</summary>
    private sealed class FittedLine(int width)
    {
        private readonly Paragraph paragraph = new();
        private int used;

        public FittedLine Add(string text, Style? style = null)
        {
            if (used >= width || text.Length == 0)
                return this;
            if (used + text.Length > width)
                text = text[..Math.Max(0, width - used - 1)] + "…";
            paragraph.Append(text, style ?? Style.Plain);
            used += text.Length;
            return this;
        }

        public Paragraph ToParagraph() => paragraph;
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

}
