using System.CommandLine;

namespace ProcNetMon2.Cli.Commands;

public static class ReportCommand
{
    public static Command Create(TextWriter output, TextWriter error) => new("report", "Per-process network totals of a recording");
}
