using System.Collections.Concurrent;
using System.CommandLine;
using System.Runtime.InteropServices;
using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Live;
using ProcNetMon2.Record;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Cli.Commands;

/// <param name="Capture">What to capture, and the recording to write at the same time (OutputPath null: none).</param>
/// <param name="Replay">A recording to play instead of capturing; null to capture.</param>
/// <param name="Format">screen, table or jsonl.</param>
/// <param name="Metrics">The /metrics endpoint to serve; null for none.</param>
public sealed record TopArgs(RecordOptions Capture, string? Replay, double Speed, TimeSpan Interval, IReadOnlyList<GroupField> GroupBy,
    string Format, bool Verbose, MetricsArgs? Metrics = null);

/// <summary>
/// pnm top: the capture pnm record makes, shown live per group (or a recording replayed through the
/// same view), optionally recorded at the same time. One capture feeds the recording and the view.
/// </summary>
public static class TopCommand
{
    public const string Screen = "screen", Table = "table", JsonLines = "jsonl";
    private static readonly TimeSpan ShortestLiveInterval = TimeSpan.FromSeconds(1);
    private static readonly IReadOnlyList<GroupField> DefaultGroupBy = [GroupField.Pid];

    public static Command Create(TextWriter output, TextWriter error)
    {
        var outputOption = new Option<string?>("--output", "-o")
        {
            Description = "Also record to this file, exactly as pnm record would: *.pnm a segment recording, anything else SQLite (e.g. .db)",
        };
        var force = OutputOptions.Force();
        var duration = new Option<TimeSpan?>("--duration", "-d")
        {
            Description = "Stop after this long (e.g. 10s, 5m); default: until q, Ctrl+C or SIGTERM",
            CustomParser = ValueParsers.Duration,
        };
        var interval = IntervalOption.Create("--interval", "How often the view refreshes (default 1s; at least 1s when capturing)");
        var groupBy = new Option<string[]>("--group-by", "-g")
        {
            Description = $"Group by one or more of {GroupByNames.List} (comma separated or repeated; default pid)",
        };
        groupBy.Validators.Add(r => GroupByNames.Check(r, Split(r.GetValueOrDefault<string[]>())));
        var format = new Option<string?>("--format", "-f")
        {
            Description = "screen (full-screen, the default on a terminal), table (a plain block per interval, the default otherwise) or jsonl (one JSON object per interval and group)",
        };
        format.AcceptOnlyFromAmong(Screen, Table, JsonLines);
        var replay = new Option<string?>("--replay") { Description = "Play this recording through the view instead of capturing (no root needed)" };
        var speed = new Option<double>("--speed")
        {
            Description = "With --replay: play this many times faster than it was recorded",
            DefaultValueFactory = _ => 1,
        };
        speed.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is not (> 0 and < double.PositiveInfinity))
                r.AddError("--speed takes a positive number, e.g. 10");
        });
        var capture = new CaptureOptions();
        var metrics = new MetricsOptions();
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print libbpf's messages" };

        var command = new Command("top", "Per-process network traffic live (needs root), optionally recorded at the same time, or a recording replayed")
        {
            interval, groupBy, format, outputOption, force, duration, replay, speed,
        };
        capture.AddTo(command);
        foreach (var option in metrics.All)
            command.Options.Add(option);
        command.Options.Add(verbose);
        command.Validators.Add(r =>
        {
            if (r.GetValue(replay) is not null && r.GetValue(outputOption) is not null)
                r.AddError("--replay plays a recording: it cannot also record (-o)");
            if (r.GetValue(replay) is null && r.GetValue(interval) is { } i && i < ShortestLiveInterval)
                r.AddError("--interval must be at least 1s when capturing (the recorder writes once a second)");
            if (r.GetValue(outputOption) is "")
                r.AddError("--output needs a file name, e.g. -o trace.pnm");
        });
        command.SetAction(parse => Run(new TopArgs(
            capture.From(parse, parse.GetValue(outputOption)) with { Force = parse.GetValue(force), Duration = parse.GetValue(duration) },
            parse.GetValue(replay),
            parse.GetValue(speed),
            parse.GetValue(interval) ?? TimeSpan.FromSeconds(1),
            parse.GetValue(groupBy) is { Length: > 0 } fields ? Split(fields).Select(f => GroupFields.ByName[f]).ToList() : DefaultGroupBy,
            parse.GetValue(format) ?? (ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected ? Screen : Table),
            parse.GetValue(verbose),
            metrics.From(parse)), output, error));
        return command;
    }

    public static int Run(TopArgs args, TextWriter output, TextWriter error)
    {
        if (args.Format == Screen && (Console.IsOutputRedirected || !ReferenceEquals(output, Console.Out)))
        {
            error.WriteLine("pnm: --format screen needs a terminal; use --format table or jsonl");
            return (int)ReturnCode.BadUsage;
        }
        using var stop = new CancellationTokenSource();
        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => RecordCommand.RequestStop(context, stop, error));
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => RecordCommand.RequestStop(context, stop, error));

        var metrics = args.Metrics?.CreateMetrics();
        using var endpoint = MetricsEndpoint.StartOrReport(args.Metrics, metrics, error, out int failed);
        if (failed != 0)
            return failed;
        var snapshots = new BlockingCollection<LiveSnapshot>();
        var producer = new LiveProducer(args, stop.Token, snapshot =>
        {
            metrics?.Add(snapshot);
            snapshots.Add(snapshot);
        }, snapshots.CompleteAdding, args.Format == Screen ? null : error);
        var board = new LiveBoard(new LiveGroups(args.GroupBy), LiveBoard.ExitedRetention);
        producer.Start();
        try
        {
            if (args.Format == Screen)
                TopScreen.Run(board, snapshots, stop, args.Interval, holdAtEnd: args.Replay is not null);
            else
                WriteIntervals(board, snapshots, args.Format, output);
        }
        finally
        {
            stop.Cancel();
            producer.Join();
        }
        return producer.Report(error);
    }

    private static void WriteIntervals(LiveBoard board, BlockingCollection<LiveSnapshot> snapshots, string format, TextWriter output)
    {
        foreach (var snapshot in snapshots.GetConsumingEnumerable())
        {
            board.Add(snapshot);
            if (format == JsonLines)
                LiveJsonLines.Write(snapshot, board.Groups, board.Rows, output);
            else
                LivePlainText.Write(board, output);
        }
    }

    private static IEnumerable<string> Split(IEnumerable<string>? values) => (values ?? []).SelectMany(MetricsOptions.Split);

    /// <summary>The capture (or replay) on its own thread, handing each interval to the view; its failure reported as one line.</summary>
    /// <param name="publish">Gets each interval, on the capture's writer thread.</param>
    /// <param name="complete">Called once the capture or replay has ended, however it ended.</param>
    private sealed class LiveProducer(TopArgs args, CancellationToken stop, Action<LiveSnapshot> publish, Action complete, TextWriter? log)
    {
        private Thread? worker;
        private RecordSummary? summary;
        private Exception? failure;

        public void Start()
        {
            worker = new Thread(Produce) { Name = "pnm-top", IsBackground = true };
            worker.Start();
        }

        public void Join() => worker?.Join();

        private void Produce()
        {
            try
            {
                if (args.Replay is { } path)
                {
                    using var source = RecordingFile.Open(path);
                    var replay = new LiveReplay(source, args.Interval, args.Speed);
                    replay.Play(new LiveTraffic(args.Interval, () => replay.NowNs, publish), stop);
                }
                else
                {
                    Action<string> libbpfLog = args.Verbose && log is not null ? message => log.WriteLine($"libbpf: {message}") : _ => { };
                    summary = Recorder.Run(args.Capture, stop, message => log?.WriteLine($"pnm: {message}"), libbpfLog,
                        new LiveTraffic(args.Interval, () => Clock.MonotonicNs, publish));
                }
            }
            catch (Exception e)
            {
                failure = e;
            }
            finally
            {
                complete();
            }
        }

        /// <summary>How the capture ended, for the user; the exit code.</summary>
        public int Report(TextWriter error)
        {
            switch (failure)
            {
                case null:
                    if (summary is not null && args.Capture.OutputPath is { } path)
                        error.WriteLine($"pnm: {RecordCommand.Describe(summary, path)}");
                    return (int)ReturnCode.Success;
                case RecordException or RecordingException:
                    error.WriteLine($"pnm: {failure.Message}");
                    return (int)ReturnCode.Failed;
                default:
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
                    return (int)ReturnCode.Failed;
            }
        }
    }
}
