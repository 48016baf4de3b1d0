using System.CommandLine;
using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Cli.Commands;

public static class TimelineCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var shared = new AnalysisCommandLine();
        var interval = IntervalOption.Create("--interval", "Length of each point of the series (default 1s; e.g. 100ms, 1m, 1h)");
        var command = new Command("timeline", "Bandwidth per interval, all together or per --group-by (the busiest --top groups, default 10)");
        shared.AddTo(command);
        command.Options.Add(interval);
        command.SetAction(parse => shared.Run(parse,
            (recordings, options) => Timeline.Build(recordings, options with { Interval = parse.GetValue(interval) },
                parse.GetValue(shared.Top) ?? Timeline.DefaultGroups),
            output, error, shapeTop: false));
        return command;
    }
}
