using System.CommandLine;
using ProcNetMon2.Cli.Commands;

namespace ProcNetMon2.Cli;

/// <summary>The pnm command tree; output goes through the writers given, so tests can read it.</summary>
public static class PnmCli
{
    public static RootCommand Build(TextWriter output, TextWriter error) => Root(
    [
        RecordCommand.Create(output, error), TopCommand.Create(output, error),
        .. AnalysisCommands.Create(output, error),
        DiffCommand.Create(output, error), QueryCommand.Create(output, error), DoctorCommand.Create(output, error),
        CheckCommand.Create(output, error), ConvertCommand.Create(output, error), ExportCommand.Create(output, error),
    ]);

    /// <summary>
    /// The tree that parses <paramref name="args"/>: an analysis command's arguments only ever reach that command, so
    /// the root gets just the analysis commands (building every other command's options took ~10 ms of a one-off report).
    /// </summary>
    public static RootCommand ParserFor(string[] args, TextWriter output, TextWriter error) =>
        AnalysisCommands.Runs(args) ? Root(AnalysisCommands.Create(output, error)) : Build(output, error);

    private static RootCommand Root(IEnumerable<Command> commands)
    {
        var root = new RootCommand("pnm: which process used the network, how much, when, with whom");
        foreach (var command in commands)
            root.Subcommands.Add(command);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var parse = ParserFor(args, output, error).Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One line, no help dump: the first problem is the one to fix.
            // An unknown word explains a missing command better than "command not provided" does.
            var first = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors[0];
            error.WriteLine($"pnm: {OneLine(first.Message)} (see pnm --help)");
            return (int)ReturnCode.BadUsage;
        }
        // Signals are handled by the commands that need them (record flushes before exiting).
        return await parse.InvokeAsync(new InvocationConfiguration
        {
            Output = output,
            Error = error,
            ProcessTerminationTimeout = null,
        });
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()));
}
