using System.CommandLine;
using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Cli.Commands;

public static class ReportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var shared = new AnalysisCommandLine();
        var interval = IntervalOption.Create("--interval", "Interval of the peak rate and the rate percentiles (default 1s)");
        var command = new Command("report", "Totals, rates, peaks and percentiles per process (or any --group-by) of one or more recordings");
        shared.AddTo(command);
        command.Options.Add(interval);
        command.SetAction(parse => shared.Run(parse,
            (recordings, options) => TrafficReport.Build(recordings, options with { Interval = parse.GetValue(interval) }), output, error));
        return command;
    }
}
