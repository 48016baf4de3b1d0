using System.CommandLine;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Cli.Commands;

public sealed record ConvertArgs(string Input, string Output, bool Force);

/// <summary>pnm convert: copies a recording into the other format (or the same), losing nothing.</summary>
public static class ConvertCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var input = new Argument<string>("recording") { Description = "The recording to convert" };
        var outputOption = OutputOptions.Output("The recording to write: *.pnm a segment recording, anything else SQLite (e.g. .db)", "trace.pnm");
        var force = OutputOptions.Force();
        var command = new Command("convert", "Convert a recording between SQLite (.db) and segments (.pnm)") { input, outputOption, force };
        command.SetAction(parse => Run(new ConvertArgs(parse.GetValue(input)!, parse.GetValue(outputOption)!, parse.GetValue(force)), output, error));
        return command;
    }

    public static int Run(ConvertArgs args, TextWriter output, TextWriter error)
    {
        try
        {
            using var target = OutputFile.ForCopy(args.Output, args.Force, args.Input);
            using var source = RecordingFile.Open(args.Input);
            long events;
            using (var sink = target.CreateRecording())
            using (TerminalProgress.For(error, "convert"))
                events = RecordingCopy.Copy(source, sink);
            target.Commit();
            foreach (string warning in source.Warnings)
                error.WriteLine($"pnm: warning: {warning}");
            error.WriteLine($"pnm: converted {events} events to {args.Output}");
            return (int)ReturnCode.Success;
        }
        catch (Exception e) when (e is RecordingException or OutputFileException)
        {
            return Fail(error, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            return Fail(error, $"cannot write {args.Output}: {e.Message.Split('\n')[0]}");
        }
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"pnm: {message}");
        return (int)ReturnCode.Failed;
    }
}
