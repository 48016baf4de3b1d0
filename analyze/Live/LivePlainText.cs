using Spectre.Console;
using ProcNetMon2.Analyze.Rendering;

namespace ProcNetMon2.Analyze.Live;

/// <summary>The live view for a pipe or a file: one block per interval, a header line and a plain table, no screen control.</summary>
public static class LivePlainText
{
    public static void Write(LiveBoard board, TextWriter output)
    {
        if (board.Latest is not { } snapshot)
            return;
        output.WriteLine(string.Join("  ", LiveHeader.Of(snapshot, board.Rows).Select(p => $"{p.Label} {p.Value}")));
        var headers = LiveTable.Headers(board.Groups);
        var table = PlainTable.Create();
        for (int i = 0; i < headers.Count; i++)
            PlainTable.AddColumn(table, headers[i], LiveTable.IsNumeric(board.Groups, i) ? Justify.Right : Justify.Left, isLast: i == headers.Count - 1);
        foreach (var line in board.Lines())
            table.AddRow(LiveTable.Cells(line).Select(c => new Text(c)).ToArray());
        PlainTable.Write(table, output);
        output.WriteLine();
        output.Flush();
    }
}
