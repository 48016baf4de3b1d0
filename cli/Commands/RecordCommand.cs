using System.CommandLine;
using System.Runtime.InteropServices;
using ProcNetMon2.Analyze.Live;
using ProcNetMon2.Record;

namespace ProcNetMon2.Cli.Commands;

/// <param name="Metrics">The /metrics endpoint to serve while recording; null for none.</param>
public sealed record RecordArgs(RecordOptions Options, bool Verbose, MetricsArgs? Metrics = null);

public static class RecordCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var outputOption = OutputOptions.Output("Recording to write: *.pnm a segment recording (a directory), anything else SQLite (e.g. .db)", "trace.db");
        var force = OutputOptions.Force();
        var duration = new Option<TimeSpan?>("--duration", "-d")
        {
            Description = "Stop after this long (e.g. 10s, 5m); default: until Ctrl+C or SIGTERM",
            CustomParser = ValueParsers.Duration,
        };
        var capture = new CaptureOptions();
        var metrics = new MetricsOptions();
        var user = new Option<string?>("--user")
        {
            Description = "Once capturing, continue as this user (segment recordings: the directory is handed to the user)",
        };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print libbpf's messages" };
        var rotation = new SegmentRotationOptions();

        var command = new Command("record", "Record per-process network activity with eBPF (needs root)")
        {
            outputOption, force, duration,
        };
        capture.AddTo(command);
        foreach (var option in metrics.All)
            command.Options.Add(option);
        command.Options.Add(user);
        command.Options.Add(verbose);
        foreach (var option in rotation.All)
            command.Options.Add(option);
        command.SetAction(parse => Run(new RecordArgs(capture.From(parse, parse.GetValue(outputOption)!) with
        {
            Force = parse.GetValue(force),
            Duration = parse.GetValue(duration),
            Rotation = rotation.From(parse),
            User = parse.GetValue(user),
        }, parse.GetValue(verbose), metrics.From(parse)), output, error));
        return command;
    }

    public static int Run(RecordArgs args, TextWriter output, TextWriter error)
    {
        using var stop = new CancellationTokenSource();
        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => RequestStop(context, stop, error));
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => RequestStop(context, stop, error));
        Action<string> libbpfLog = args.Verbose ? message => error.WriteLine($"libbpf: {message}") : _ => { };
        var metrics = args.Metrics?.CreateMetrics();
        using var endpoint = MetricsEndpoint.StartOrReport(args.Metrics, metrics, error, out int failed);
        if (failed != 0)
            return failed;
        var tap = metrics is null ? null : new LiveTraffic(TimeSpan.FromSeconds(1), () => Clock.MonotonicNs, metrics.Add);
        try
        {
            RecordSummary summary;
            // Cleared before the closing line.
            using (var statusLine = RecordStatusLine.For(error, args.Options.OutputPath!))
                summary = Recorder.Run(args.Options, stop.Token, message => error.WriteLine($"pnm: {message}"), libbpfLog, tap, status => statusLine?.Update(status));
            error.WriteLine($"pnm: {Describe(summary, args.Options.OutputPath!)}");
            return (int)ReturnCode.Success;
        }
        catch (RecordException e)
        {
            error.WriteLine($"pnm: {e.Message}");
            return (int)ReturnCode.Failed;
        }
    }

    /// <summary>What a finished recording holds, in one line.</summary>
    internal static string Describe(RecordSummary summary, string path) =>
        $"recorded {summary.Events} events from {summary.Processes} processes on {summary.Sockets} sockets " +
        $"in {summary.Elapsed.TotalSeconds:0.0} s to {path}" +
        (summary.CallsSummarized > 0 ? $"; {summary.CallsSummarized} more calls summed in the kernel (ring full): totals stay exact" : "") +
        (summary.LostEvents > 0 ? $"; WARNING: {summary.LostEvents} events lost (ring full): totals are lower bounds" : "");

    /// <summary>The first SIGINT or SIGTERM stops the capture cleanly; a second SIGINT aborts.</summary>
    internal static void RequestStop(PosixSignalContext context, CancellationTokenSource stop, TextWriter error)
    {
        context.Cancel = true;
        if (stop.IsCancellationRequested && context.Signal == PosixSignal.SIGINT)
        {
            error.WriteLine("pnm: aborted");
            Environment.Exit((int)ReturnCode.Aborted);
        }
        stop.Cancel();
    }
}
