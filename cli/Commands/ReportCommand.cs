using System.CommandLine;
using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Rendering;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Cli.Commands;

public sealed record ReportArgs(string Path, int? Top, string Format);

public static class ReportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var path = new Argument<string>("recording") { Description = "A recording made by pnm record" };
        var top = new Option<int?>("--top", "-n") { Description = "Show only the N processes with the most traffic" };
        top.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is <= 0)
                r.AddError("--top takes a positive number");
        });
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output format",
            DefaultValueFactory = _ => ReportRenderers.Table,
        };
        format.AcceptOnlyFromAmong([.. ReportRenderers.FormatNames]);

        var command = new Command("report", "Per-process network totals, rates and peaks of a recording") { path, top, format };
        command.SetAction(parse => Run(new ReportArgs(parse.GetValue(path)!, parse.GetValue(top), parse.GetValue(format)!), output, error));
        return command;
    }

    public static int Run(ReportArgs args, TextWriter output, TextWriter error)
    {
        try
        {
            using var source = RecordingFile.Open(args.Path);
            var report = ProcessReportBuilder.Build(source, args.Top);
            ReportRenderers.Create(args.Format).Render(report, output);
            foreach (string warning in source.Warnings)
                error.WriteLine($"pnm: warning: {warning}");
            return (int)ReturnCode.Success;
        }
        catch (RecordingException e)
        {
            error.WriteLine($"pnm: {e.Message}");
            return (int)ReturnCode.Failed;
        }
    }
}
