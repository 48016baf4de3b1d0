using System.CommandLine;
using System.Runtime.InteropServices;
using ProcNetMon2.Record;

namespace ProcNetMon2.Cli.Commands;

public sealed record RecordArgs(RecordOptions Options, bool Verbose);

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
        var pids = new Option<int[]>("--pid", "-p")
        {
            Description = "Record only this process id (repeatable)",
            AllowMultipleArgumentsPerToken = false,
        };
        pids.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int[]>()?.Any(p => p <= 0) == true)
                r.AddError("--pid takes positive process ids");
        });
        var comms = new Option<string[]>("--comm", "-c") { Description = "Record only processes with this name (repeatable; the kernel keeps 15 characters)" };
        var ringSize = new Option<uint>("--ring-size")
        {
            Description = "Kernel ring buffer size (power of two, e.g. 8M)",
            CustomParser = ValueParsers.RingSize,
            DefaultValueFactory = _ => RecordOptions.DefaultRingBytes,
        };
        var interfaces = new Option<string[]>("--iface", "-i")
        {
            Description = "Count packets only on this interface, and record I/O only of sockets seen on it (repeatable)",
        };
        var ports = new Option<int[]>("--port") { Description = "Record only sockets with this port at either end (repeatable)" };
        ports.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int[]>()?.Any(p => p is < 1 or > 65535) == true)
                r.AddError("--port takes ports from 1 to 65535");
        });
        var cgroups = new Option<string[]>("--cgroup")
        {
            Description = "Record only processes in this cgroup v2 directory or below it (repeatable)",
        };
        var containers = new Option<string[]>("--container") { Description = "Record only processes of this container id (repeatable)" };
        var family = new Option<int?>("--family") { Description = "Record only IPv4 (4) or IPv6 (6)" };
        family.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } v && v is not (4 or 6))
                r.AddError("--family takes 4 or 6");
        });
        var backend = new Option<string>("--backend")
        {
            Description = "How socket calls are captured: auto (the cheapest that works), tracepoint, fentry or kprobe",
            DefaultValueFactory = _ => "auto",
        };
        backend.AcceptOnlyFromAmong(["auto", .. BackendSelector.PreferenceOrder.Select(b => b.Name())]);
        var user = new Option<string?>("--user")
        {
            Description = "Once capturing, continue as this user (segment recordings: the directory is handed to the user)",
        };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print libbpf's messages" };
        var rotation = new SegmentRotationOptions();

        var command = new Command("record", "Record per-process network activity with eBPF (needs root)")
        {
            outputOption, force, duration, pids, comms, cgroups, containers, interfaces, ports, family, ringSize, backend, user, verbose,
        };
        foreach (var option in rotation.All)
            command.Options.Add(option);
        command.SetAction(parse => Run(new RecordArgs(new RecordOptions
        {
            OutputPath = parse.GetValue(outputOption)!,
            Force = parse.GetValue(force),
            Duration = parse.GetValue(duration),
            Pids = parse.GetValue(pids) ?? [],
            Comms = parse.GetValue(comms) ?? [],
            Interfaces = parse.GetValue(interfaces) ?? [],
            Ports = parse.GetValue(ports) ?? [],
            Cgroups = parse.GetValue(cgroups) ?? [],
            Containers = parse.GetValue(containers) ?? [],
            IpVersion = parse.GetValue(family),
            RingBytes = parse.GetValue(ringSize),
            Backend = SockIoBackendNames.Parse(parse.GetValue(backend)!),
            Rotation = rotation.From(parse),
            User = parse.GetValue(user),
        }, parse.GetValue(verbose)), output, error));
        return command;
    }

    public static int Run(RecordArgs args, TextWriter output, TextWriter error)
    {
        using var stop = new CancellationTokenSource();
        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => RequestStop(context, stop, error));
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => RequestStop(context, stop, error));
        Action<string> libbpfLog = args.Verbose ? message => error.WriteLine($"libbpf: {message}") : _ => { };
        try
        {
            var summary = Recorder.Run(args.Options, stop.Token, message => error.WriteLine($"pnm: {message}"), libbpfLog);
            error.WriteLine($"pnm: recorded {summary.Events} events from {summary.Processes} processes on {summary.Sockets} sockets " +
                            $"in {summary.Elapsed.TotalSeconds:0.0} s to {args.Options.OutputPath}" +
                            (summary.CallsSummarized > 0 ? $"; {summary.CallsSummarized} more calls summed in the kernel (ring full): totals stay exact" : "") +
                            (summary.LostEvents > 0 ? $"; WARNING: {summary.LostEvents} events lost (ring full): totals are lower bounds" : ""));
            return (int)ReturnCode.Success;
        }
        catch (RecordException e)
        {
            error.WriteLine($"pnm: {e.Message}");
            return (int)ReturnCode.Failed;
        }
    }

    private static void RequestStop(PosixSignalContext context, CancellationTokenSource stop, TextWriter error)
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
