using System.CommandLine;
using System.Runtime.InteropServices;
using ProcNetMon2.Analyze.Export;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Cli.Commands;

public sealed record ExportArgs(string Input, string Output, string? Format, bool Force);

/// <summary>pnm export: every I/O event as one flat row (with its process and socket) in Parquet, CSV or JSON Lines.</summary>
public static class ExportCommand
{
    /// <summary>On Linux, .NET reports the errno of a failed write as the IOException's HResult.</summary>
    private const int ENOSPC = 28;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var input = new Argument<string>("recording") { Description = "The recording to export (.db or .pnm)" };
        var outputOption = OutputOptions.Output("The file to write; its name picks the format: *.parquet, *.csv, *.json or *.jsonl (JSON Lines)", "trace.parquet");
        var format = new Option<string?>("--format", "-f") { Description = "Output format, when the output's name does not tell it" };
        format.AcceptOnlyFromAmong([.. ExportFormats.Names]);
        var force = OutputOptions.Force();
        var command = new Command("export", "Export every I/O event with its process and socket as Parquet, CSV or JSON Lines")
        {
            input, outputOption, format, force,
        };
        command.SetAction((parse, _) => RunAsync(
            new ExportArgs(parse.GetValue(input)!, parse.GetValue(outputOption)!, parse.GetValue(format), parse.GetValue(force)), output, error));
        return command;
    }

    public static async Task<int> RunAsync(ExportArgs args, TextWriter output, TextWriter error)
    {
        if ((args.Format is { } name ? ExportFormats.Parse(name) : ExportFormats.FromPath(args.Output)) is not { } format)
        {
            error.WriteLine($"pnm: cannot tell the format from the name {args.Output}: end it in .parquet, .csv or .jsonl, or pass --format");
            return (int)ReturnCode.BadUsage;
        }
        // Written under another name and renamed when complete: an interrupted or failed export
        // never leaves a file that looks whole, nor destroys the one --force would replace.
        using var interrupt = new CancellationTokenSource();
        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Interrupt(context, interrupt));
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Interrupt(context, interrupt));
        try
        {
            using var target = OutputFile.ForExport(args.Output, args.Force, args.Input);
            using var source = RecordingFile.Open(args.Input);
            long rows;
            await using (var stream = target.CreateStream())
            using (TerminalProgress.For(error, "export"))
                rows = await ExportFormats.CreateExporter(format).ExportAsync(source, stream, interrupt.Token);
            target.Commit();
            foreach (string warning in source.Warnings)
                error.WriteLine($"pnm: warning: {warning}");
            error.WriteLine($"pnm: exported {rows} rows to {args.Output}");
            return (int)ReturnCode.Success;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine($"pnm: interrupted: {args.Output} not written");
            return (int)ReturnCode.Aborted;
        }
        catch (Exception e) when (e is RecordingException or OutputFileException)
        {
            return Fail(error, e.Message);
        }
        catch (IOException e) when (e.HResult == ENOSPC)
        {
            return Fail(error, $"disk full while writing {args.Output}: nothing written");
        }
        catch (UnauthorizedAccessException)
        {
            return Fail(error, $"cannot write {args.Output}: permission denied");
        }
        catch (DirectoryNotFoundException)
        {
            return Fail(error, $"cannot write {args.Output}: directory {Path.GetDirectoryName(Path.GetFullPath(args.Output))} does not exist");
        }
        catch (IOException e)
        {
            // .NET appends " : 'path'" to the system's reason, and that path would be the partial file's.
            return Fail(error, $"cannot write {args.Output}: {e.Message.Split(" : '")[0]}");
        }
    }

    private static void Interrupt(PosixSignalContext context, CancellationTokenSource interrupt)
    {
        context.Cancel = true;
        interrupt.Cancel();
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"pnm: {message}");
        return (int)ReturnCode.Failed;
    }
}
