using System.CommandLine;
using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Rendering;
using ProcNetMon2.Analyze.Rendering.Html;
using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Cli.Commands;

/// <summary>pnm report, timeline, connections, protocols and peaks: each a report builder behind the options they share.</summary>
public static class AnalysisCommands
{
    /// <summary>The commands' names, known before the command line is built.</summary>
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal) { "report", "timeline", "connections", "protocols", "peaks" };

    /// <summary>Whether the arguments run one of these commands (the first argument is its name).</summary>
    public static bool Runs(string[] args) => args.Length > 0 && Names.Contains(args[0]);

    public static IEnumerable<Command> Create(TextWriter output, TextWriter error) =>
        [ReportCommand(output, error), TimelineCommand(output, error), ConnectionsCommand(output, error), ProtocolsCommand(output, error), PeaksCommand(output, error)];

    private static Command ReportCommand(TextWriter output, TextWriter error)
    {
        var (shared, command) = New("report", "Totals, rates, peaks and percentiles per process (or any --group-by) of one or more recordings; " +
            "--format html -o FILE.html adds charts of the timeline, protocols, peaks and connections",
            [.. ReportRenderers.FormatNames, HtmlReportRenderer.Format]);
        var interval = Added(command, IntervalOption.Create("--interval", "Interval of the peak rate, the rate percentiles and the html timeline (default 1s)"));
        shared.AddOutputFile(command);
        command.SetAction(parse =>
        {
            if (shared.Format(parse) != HtmlReportRenderer.Format)
                return shared.Run(parse,
                    (recordings, options) => TrafficReport.Build(recordings, options with { Interval = parse.GetValue(interval) }), output, error,
                    bars: TerminalBarColumn.Share);
            if (!shared.HasOutputFile(parse))
                return AnalysisCommandLine.OneLineFailures(error, () => throw new UsageException("--format html writes a file: give it with -o FILE.html"));
            return shared.RunBytes(parse, (recordings, options) =>
            {
                var page = ReportPage.Build(recordings, options with { Interval = parse.GetValue(interval) }, shared.ShapingFrom(parse),
                    parse.GetValue(shared.Top) ?? Timeline.DefaultGroups);
                return stream => new HtmlReportRenderer(shared.Zone(parse)).Render(page, stream);
            }, output, error);
        });
        return command;
    }

    private static Command TimelineCommand(TextWriter output, TextWriter error)
    {
        var (shared, command) = New("timeline", "Bandwidth per interval, all together or per --group-by (the busiest --top groups, default 10)");
        var interval = Added(command, IntervalOption.Create("--interval", "Length of each point of the series (default 1s; e.g. 100ms, 1m, 1h)"));
        command.SetAction(parse => shared.Run(parse,
            (recordings, options) => Timeline.Build(recordings, options with { Interval = parse.GetValue(interval) },
                parse.GetValue(shared.Top) ?? Timeline.DefaultGroups),
            output, error, shapeTop: false, bars: TerminalBarColumn.Rate, picture: table => TerminalSparklines.Table(table)));
        return command;
    }

    private static Command ConnectionsCommand(TextWriter output, TextWriter error) => Plain("connections",
        "One row per connection or socket: start, duration, owner, endpoints, protocols, bytes, retransmits, close", Connections.Build, output, error);

    private static Command ProtocolsCommand(TextWriter output, TextWriter error) => Plain("protocols",
        "The protocol mix (L4, L7 and how L7 was recognised) by bytes, sockets and active time", Protocols.Build, output, error);

    private static Command PeaksCommand(TextWriter output, TextWriter error)
    {
        var (shared, command) = New("peaks", "The --top (default 5) busiest windows, all together or per --group-by, and who was talking in each");
        var window = Added(command, IntervalOption.Create("--window", "Length of a burst window (default 1s)"));
        var step = Added(command, IntervalOption.Create("--step", "How far the window slides each time (default 100ms)"));
        command.SetAction(parse => shared.Run(parse,
            (recordings, options) => Peaks.Build(recordings, options, parse.GetValue(window) ?? Peaks.DefaultWindow,
                parse.GetValue(step) ?? Peaks.DefaultStep, parse.GetValue(shared.Top) ?? Peaks.DefaultCount),
            output, error, shapeTop: false));
        return command;
    }

    /// <summary>A command with the shared options and nothing else.</summary>
    private static Command Plain(string name, string description, Func<RecordingSet, ReportOptions, AnalysisReport> build, TextWriter output, TextWriter error)
    {
        var (shared, command) = New(name, description);
        command.SetAction(parse => shared.Run(parse, build, output, error));
        return command;
    }

    private static (AnalysisCommandLine Shared, Command Command) New(string name, string description, IReadOnlyList<string>? formats = null)
    {
        var shared = new AnalysisCommandLine(formats);
        var command = new Command(name, description);
        shared.AddTo(command);
        return (shared, command);
    }

    private static Option<TimeSpan?> Added(Command command, Option<TimeSpan?> option)
    {
        command.Options.Add(option);
        return option;
    }
}
