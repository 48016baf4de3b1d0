using System.CommandLine;
using ProcNetMon2.Cli;
using ProcNetMon2.Cli.Commands;

namespace ProcNetMon2.Tests.Cli;

/// <summary>An analysis command is parsed by a tree of the analysis commands alone: it must parse and fail as the whole tree does.</summary>
public sealed class AnalysisParserTests
{
    [Fact]
    public void The_names_known_before_the_tree_is_built_are_the_analysis_commands()
    {
        var built = AnalysisCommands.Create(TextWriter.Null, TextWriter.Null).Select(c => c.Name).Order(StringComparer.Ordinal);

        Assert.Equal(AnalysisCommands.Names.Order(StringComparer.Ordinal), built);
    }

    [Fact]
    public void Only_a_first_argument_naming_an_analysis_command_runs_one()
    {
        Assert.True(AnalysisCommands.Runs(["report", "x.pnm"]));
        Assert.True(AnalysisCommands.Runs(["peaks"]));
        Assert.False(AnalysisCommands.Runs(["record", "report"]));
        Assert.False(AnalysisCommands.Runs(["--help"]));
        Assert.False(AnalysisCommands.Runs([]));
    }

    [Theory]
    [InlineData("report", "a.pnm", "--format", "csv")]
    [InlineData("report", "a.pnm", "--format", "nope")]
    [InlineData("report")]
    [InlineData("report", "a.pnm", "--bogus")]
    [InlineData("timeline", "a.pnm", "--interval", "xx", "--top", "3")]
    [InlineData("peaks", "a.pnm", "b.pnm", "--window", "5s", "--group-by", "process")]
    [InlineData("connections", "a.pnm", "record")]
    [InlineData("protocols", "--help")]
    public void An_analysis_command_line_parses_as_in_the_whole_tree(params string[] args)
    {
        var whole = PnmCli.Build(TextWriter.Null, TextWriter.Null).Parse(args);
        var own = PnmCli.ParserFor(args, TextWriter.Null, TextWriter.Null).Parse(args);

        Assert.Equal(whole.CommandResult.Command.Name, own.CommandResult.Command.Name);
        Assert.Equal(whole.Errors.Select(e => e.Message), own.Errors.Select(e => e.Message));
        Assert.Equal(whole.Tokens.Select(t => (t.Value, t.Type)), own.Tokens.Select(t => (t.Value, t.Type)));
    }

    [Fact]
    public void Any_other_command_line_gets_the_whole_tree()
    {
        var root = PnmCli.ParserFor(["record", "-o", "x.pnm"], TextWriter.Null, TextWriter.Null);

        Assert.Equal(PnmCli.Build(TextWriter.Null, TextWriter.Null).Subcommands.Select(c => c.Name), root.Subcommands.Select(c => c.Name));
    }
}
