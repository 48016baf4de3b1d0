using System.CommandLine;
using ProcNetMon2.Record;

namespace ProcNetMon2.Cli.Commands;

/// <summary>What to capture and how, as pnm record and pnm top take it: the filters (enforced in the kernel), the ring, the backend.</summary>
internal sealed class CaptureOptions
{
    private readonly Option<int[]> pids = new("--pid", "-p")
    {
        Description = "Capture only this process id (repeatable)",
        AllowMultipleArgumentsPerToken = false,
    };
    private readonly Option<string[]> comms = new("--comm", "-c") { Description = "Capture only processes with this name (repeatable; the kernel keeps 15 characters)" };
    private readonly Option<uint> ringSize = new("--ring-size")
    {
        Description = "Kernel ring buffer size (power of two, e.g. 8M)",
        CustomParser = ValueParsers.RingSize,
        DefaultValueFactory = _ => RecordOptions.DefaultRingBytes,
    };
    private readonly Option<string[]> interfaces = new("--iface", "-i")
    {
        Description = "Count packets only on this interface, and capture I/O only of sockets seen on it (repeatable)",
    };
    private readonly Option<int[]> ports = new("--port") { Description = "Capture only sockets with this port at either end (repeatable)" };
    private readonly Option<string[]> cgroups = new("--cgroup")
    {
        Description = "Capture only processes in this cgroup v2 directory or below it (repeatable)",
    };
    private readonly Option<string[]> containers = new("--container") { Description = "Capture only processes of this container id (repeatable)" };
    private readonly Option<int?> family = new("--family") { Description = "Capture only IPv4 (4) or IPv6 (6)" };
    private readonly Option<bool> noPackets = new("--no-packets")
    {
        Description = "Do not count packets (no wire bytes or packet counts): the lowest cost per datagram on UDP-heavy hosts",
    };
    private readonly Option<string> backend = new("--backend")
    {
        Description = "How socket calls are captured: auto (the cheapest that works), tracepoint, fentry or kprobe",
        DefaultValueFactory = _ => "auto",
    };

    public CaptureOptions()
    {
        pids.TakesPositivePids();
        ports.TakesPorts();
        family.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } v && v is not (4 or 6))
                r.AddError("--family takes 4 or 6");
        });
        backend.AcceptOnlyFromAmong(["auto", .. BackendSelector.PreferenceOrder.Select(b => b.Name())]);
    }

    /// <summary>Gives <paramref name="command"/> the capture options and the check of those that go together.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { pids, comms, cgroups, containers, interfaces, ports, family, noPackets, ringSize, backend })
            command.Options.Add(option);
        command.Validators.Add(r =>
        {
            if (r.GetValue(noPackets) && r.GetValue(interfaces) is { Length: > 0 })
                r.AddError("--iface needs packet counting: drop --no-packets");
        });
    }

    /// <summary>The capture the command line asks for, writing to <paramref name="outputPath"/> (null: no recording).</summary>
    public RecordOptions From(ParseResult parse, string? outputPath) => new()
    {
        OutputPath = outputPath,
        Pids = parse.GetValue(pids) ?? [],
        Comms = parse.GetValue(comms) ?? [],
        Interfaces = parse.GetValue(interfaces) ?? [],
        Ports = parse.GetValue(ports) ?? [],
        Cgroups = parse.GetValue(cgroups) ?? [],
        Containers = parse.GetValue(containers) ?? [],
        IpVersion = parse.GetValue(family),
        RingBytes = parse.GetValue(ringSize),
        Backend = SockIoBackendNames.Parse(parse.GetValue(backend)!),
        CountPackets = !parse.GetValue(noPackets),
    };
}
