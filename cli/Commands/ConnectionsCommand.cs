using System.CommandLine;
using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Cli.Commands;

public static class ConnectionsCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var shared = new AnalysisCommandLine();
        var command = new Command("connections", "One row per connection or socket: start, duration, owner, endpoints, protocols, bytes, retransmits, close");
        shared.AddTo(command);
        command.SetAction(parse => shared.Run(parse, Connections.Build, output, error));
        return command;
    }
}
