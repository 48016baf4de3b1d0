using System.CommandLine;
using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Cli.Commands;

public static class PeaksCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var shared = new AnalysisCommandLine();
        var window = IntervalOption.Create("--window", "Length of a burst window (default 1s)");
        var step = IntervalOption.Create("--step", "How far the window slides each time (default 100ms)");
        var command = new Command("peaks", "The --top (default 5) busiest windows, all together or per --group-by, and who was talking in each");
        shared.AddTo(command);
        command.Options.Add(window);
        command.Options.Add(step);
        command.SetAction(parse => shared.Run(parse,
            (recordings, options) => Peaks.Build(recordings, options, parse.GetValue(window) ?? Peaks.DefaultWindow,
                parse.GetValue(step) ?? Peaks.DefaultStep, parse.GetValue(shared.Top) ?? Peaks.DefaultCount),
            output, error, shapeTop: false));
        return command;
    }
}
