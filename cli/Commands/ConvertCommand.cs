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
        var outputOption = new Option<string>("--output", "-o")
        {
            Description = "The recording to write: *.pnm a segment recording, anything else SQLite (e.g. .db)",
            Required = true,
        };
        outputOption.Validators.Add(r =>
        {
            if (string.IsNullOrEmpty(r.GetValueOrDefault<string>()))
                r.AddError("--output needs a file name, e.g. -o trace.pnm");
        });
        var force = new Option<bool>("--force") { Description = "Overwrite the output if it exists" };
        var command = new Command("convert", "Convert a recording between SQLite (.db) and segments (.pnm)") { input, outputOption, force };
        command.SetAction(parse => Run(new ConvertArgs(parse.GetValue(input)!, parse.GetValue(outputOption)!, parse.GetValue(force)), output, error));
        return command;
    }

    public static int Run(ConvertArgs args, TextWriter output, TextWriter error)
    {
        if (Path.GetFullPath(args.Input).TrimEnd('/') == Path.GetFullPath(args.Output).TrimEnd('/'))
            return Fail(error, $"{args.Output} is the input: name another output");
        bool outputExists = File.Exists(args.Output) || Directory.Exists(args.Output);
        if (outputExists && !args.Force)
            return Fail(error, $"{args.Output} already exists: pass --force to overwrite it");
        try
        {
            using var source = RecordingFile.Open(args.Input);
            if (outputExists)
                RecordingFile.Delete(args.Output);
            long events;
            try
            {
                using var sink = RecordingFile.Create(args.Output);
                events = RecordingCopy.Copy(source, sink);
            }
            catch
            {
                TryDelete(args.Output);
                throw;
            }
            foreach (string warning in source.Warnings)
                error.WriteLine($"pnm: warning: {warning}");
            error.WriteLine($"pnm: converted {events} events to {args.Output}");
            return (int)ReturnCode.Success;
        }
        catch (RecordingException e)
        {
            return Fail(error, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            return Fail(error, $"cannot write {args.Output}: {e.Message.Split('\n')[0]}");
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            RecordingFile.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"pnm: {message}");
        return (int)ReturnCode.Failed;
    }
}
