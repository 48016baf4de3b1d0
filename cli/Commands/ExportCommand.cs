using System.CommandLine;
using System.Runtime.InteropServices;
using ProcNetMon2.Analyze.Export;
using ProcNetMon2.Analyze.Export.Dataset;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Cli.Commands;

public sealed record ExportArgs(string Input, string Output, string? Format, bool Force);

/// <param name="Parallelism">How many recordings are written at once; they are added to the dataset in their order all the same.</param>
public sealed record DatasetExportArgs(IReadOnlyList<string> Inputs, string Dataset, int Parallelism);

/// <summary>
/// pnm export: every I/O event as one flat row (with its process and socket) in Parquet, CSV or JSON Lines;
/// or recordings added to a fleet's Parquet dataset (--dataset).
/// </summary>
public static class ExportCommand
{
    /// <summary>On Linux, .NET reports the errno of a failed write as the IOException's HResult.</summary>
    private const int ENOSPC = 28;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var input = new Argument<string[]>("recording")
        {
            Description = "The recording to export (.db or .pnm); with --dataset, one or more",
            Arity = ArgumentArity.OneOrMore,
        };
        var outputOption = OutputOptions.Output("The file to write; its name picks the format: *.parquet, *.csv, *.json or *.jsonl (JSON Lines)", "trace.parquet");
        outputOption.Required = false;
        var dataset = new Option<string?>("--dataset")
        {
            Description = "Add the recordings to this Hive-partitioned Parquet dataset (a folder) instead of writing one file; a recording exported again replaces its files",
        };
        var format = new Option<string?>("--format", "-f") { Description = "Output format, when the output's name does not tell it" };
        format.AcceptOnlyFromAmong([.. ExportFormats.Names]);
        var force = OutputOptions.Force();
        var command = new Command("export", "Export every I/O event with its process and socket as Parquet, CSV or JSON Lines, or add recordings to a Parquet dataset")
        {
            input, outputOption, format, force, dataset,
        };
        command.Validators.Add(r =>
        {
            bool toDataset = r.GetResult(dataset) is not null, toFile = r.GetResult(outputOption) is not null;
            if (toDataset && (toFile || r.GetResult(format) is not null || r.GetResult(force) is not null))
                r.AddError("--dataset writes a folder of Parquet files: leave out -o, --format and --force");
            else if (!toDataset && !toFile)
                r.AddError("give -o FILE (one recording to one file) or --dataset DIR");
            else if (!toDataset && r.GetValue(input) is { Length: > 1 })
                r.AddError("-o writes one recording; give several only with --dataset DIR");
        });
        command.SetAction((parse, _) => parse.GetValue(dataset) is { } folder
            ? RunDatasetAsync(new DatasetExportArgs(parse.GetValue(input)!, folder, DatasetExportQueue.DefaultParallelism), error)
            : RunAsync(new ExportArgs(parse.GetValue(input)![0], parse.GetValue(outputOption)!, parse.GetValue(format), parse.GetValue(force)), output, error));
        return command;
    }

    /// <summary>
    /// Adds each recording to the dataset in turn; each appears whole or not at all. Several are written at once, but
    /// put in place in their order, and the first failure ends the export: the recordings before it are in the dataset,
    /// it and those after it are not (what was written of them is removed).
    /// </summary>
    public static async Task<int> RunDatasetAsync(DatasetExportArgs args, TextWriter error)
    {
        using var interrupt = new CancellationTokenSource();
        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Interrupt(context, interrupt));
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Interrupt(context, interrupt));
        await using var queue = new DatasetExportQueue(new DatasetExporter(args.Dataset), args.Inputs, args.Parallelism, interrupt.Token);
        foreach (string input in args.Inputs)
        {
            try
            {
                using var staged = await queue.NextAsync();
                // The last moment to stop: from here the files are renamed into place, which takes no time to speak of.
                interrupt.Token.ThrowIfCancellationRequested();
                var added = staged.Commit();
                foreach (string warning in staged.Warnings)
                    error.WriteLine($"pnm: warning: {warning}");
                error.WriteLine($"pnm: exported {added.Events} events of host {added.Host} to {args.Dataset} (recording {added.RecordingId}, {added.Files} files)");
            }
            catch (OperationCanceledException)
            {
                error.WriteLine($"pnm: interrupted: {input} not added to {args.Dataset}");
                return (int)ReturnCode.Aborted;
            }
            catch (RecordingException e)
            {
                return Fail(error, e.Message);
            }
            catch (IOException e) when (e.HResult == ENOSPC)
            {
                return Fail(error, $"disk full while writing {args.Dataset}: {input} not added");
            }
            catch (UnauthorizedAccessException)
            {
                return Fail(error, $"cannot write {args.Dataset}: permission denied; {input} not added");
            }
            catch (IOException e)
            {
                return Fail(error, $"cannot write {args.Dataset}: {e.Message.Split(" : '")[0]}; {input} not added");
            }
        }
        return (int)ReturnCode.Success;
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
