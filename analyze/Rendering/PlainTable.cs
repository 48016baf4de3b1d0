using Spectre.Console;
using Spectre.Console.Rendering;

namespace ProcNetMon2.Analyze.Rendering;

/// <summary>The tables pnm prints for people: no borders, two spaces between columns, no colour.</summary>
internal static class PlainTable
{
    public static Table Create() => new Table().Border(TableBorder.None);

    /// <param name="header">Plain text: brackets in it are not Spectre markup.</param>
    public static void AddColumn(Table table, string header, Justify alignment, bool isLast = false) =>
        table.AddColumn(new TableColumn(new Text(header)) { Alignment = alignment, Padding = new Padding(0, 0, isLast ? 0 : 2, 0) });

    /// <param name="colours">Whether styled cells keep their colours: only for a terminal.</param>
    public static void Write(IRenderable table, TextWriter output, bool colours = false) => CreatePlainConsole(output, colours).Write(table);

    /// <summary>
    /// The same bytes whether the writer is a terminal, a pipe or a test: no colour (unless asked for) or
    /// cursor codes, and a width that never makes a row wrap.
    /// </summary>
    private static IAnsiConsole CreatePlainConsole(TextWriter output, bool colours)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = colours ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = colours ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
            Enrichment = new ProfileEnrichment { UseDefaultEnrichers = false },
        });
        console.Profile.Width = int.MaxValue;
        return console;
    }
}
