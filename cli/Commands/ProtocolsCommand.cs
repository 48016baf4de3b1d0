using System.CommandLine;
using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Cli.Commands;

public static class ProtocolsCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var shared = new AnalysisCommandLine();
        var command = new Command("protocols", "The protocol mix (L4, L7 and how L7 was recognised) by bytes, sockets and active time");
        shared.AddTo(command);
        command.SetAction(parse => shared.Run(parse, Protocols.Build, output, error));
        return command;
    }
}
