using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ProcNetMon2.Record;
using ProcNetMon2.Schema;
using AddressFamily = System.Net.Sockets.AddressFamily;

namespace ProcNetMon2.Benchmarks;

/// <param name="RingSize">Passed to pnm record as --ring-size (e.g. 8M); null: pnm's default.</param>
/// <param name="Contended">Also run each flood while busy loops keep every CPU busy.</param>
/// <param name="Pnm">The pnm binary to measure (another build, for a before/after comparison).</param>
/// <param name="Only">Only the monitors whose name contains one of these (and the baselines); null: every monitor.</param>
/// <param name="Workload">Only this workload; null: every one.</param>
internal sealed record CaptureOptions(int Calls, int Runs, string? RingSize, bool Contended, string Pnm, string[]? Only = null, string? Workload = null);

/// <summary>What capturing costs a process that does nothing but small socket calls, and whether every call is recorded.</summary>
internal sealed class CaptureBenchmark(CaptureOptions options, TextWriter output)
{
    private const int PayloadBytes = 64;
    private const string TinyRing = "16K";
    private const string ContendedSuffix = "+busy";
    private static readonly string Here = AppContext.BaseDirectory;

    /// <param name="Recorded">The flood's send calls recorded one by one (ring events).</param>
    /// <param name="Summarized">The flood's send calls the kernel summed for want of ring space (exact bytes, 1 s timing).</param>
    /// <param name="MissingTxBytes">What the flood process sent by its own count minus the tx bytes recorded for it, summarized included.</param>
    /// <param name="DrainNsPerEvent">CPU of the recorder's drain thread per recorded event (all processes).</param>
    private sealed record Measurement(double CallsPerSecond, double FloodCpuNsPerCall, double? MonitorCpuShare, double? MonitorRssMiB,
        double? Recorded, double? Summarized, double? Lost, double? MissingTxBytes, double? DrainNsPerEvent, double? WriteNsPerEvent);

    private sealed record MonitorKind(string Name, Func<Monitor> Start);

    public void Run()
    {
        var monitors = new List<MonitorKind> { new("none", Monitor.None) };
        foreach (var (format, file) in new[] { ("sqlite", "bench.db"), ("segments", "bench.pnm") })
        {
            monitors.Add(new($"pnm record ({format})", () => StartPnm(file, options.RingSize)));
            monitors.Add(new($"pnm record ({format}, {TinyRing})", () => StartPnm(file, TinyRing)));
        }
        monitors.Add(new("pnm record (segments, no pkt)", () => StartPnm("bench.pnm", options.RingSize, "--no-packets")));
        monitors.Add(new("pnm packet programs only", () => PacketHooks.Start(returnAtOnce: false)));
        monitors.Add(new("pnm packet hooks, no work", () => PacketHooks.Start(returnAtOnce: true)));
        foreach (var (name, programs) in new[]
                 {
                     ("no pkt + tp hooks, no work", CandidateHooks.TracepointsNoWork),
                     ("no pkt + tp packet programs", CandidateHooks.Tracepoints),
                     ("no pkt + tp egress only", CandidateHooks.TracepointEgress),
                     ("no pkt + socket datagrams", CandidateHooks.SocketDatagrams),
                 })
            monitors.Add(new($"pnm {name}", () => StartPnm("bench.pnm", options.RingSize, "--no-packets").Alongside(CandidateHooks.Attach(programs))));
        monitors.Add(new("pnm no pkt + cgroup egress only", () => StartPnm("bench.pnm", options.RingSize, "--no-packets").Alongside(PacketHooks.Start(false, ["packets_egress"]))));
        if (Installed("bpftrace"))
            monitors.Add(new("bpftrace sum per pid", () => Monitor.Start("bpftrace", "bpftrace",
                // BEGIN runs once every probe is attached; "Attaching N probes" is printed before that.
                ["-e", "BEGIN { printf(\"pnm-bench-ready\\n\"); } " +
                       "tracepoint:sock:sock_send_length { @[pid] = sum(args->ret); } tracepoint:sock:sock_recv_length { @[pid] = sum(args->ret); }"],
                "pnm-bench-ready", readyOnStderr: false, null)));
        if (Installed("tcpdump"))
            monitors.Add(new("tcpdump -i lo -w", () => Monitor.Start("tcpdump", "tcpdump",
                ["-i", "lo", "-w", TempPath("bench.pcap"), "-U"], "listening on", readyOnStderr: true, TempPath("bench.pcap"))));
        if (options.Only is { } only)
            monitors.RemoveAll(m => m.Name is not ("none" or "bpftrace sum per pid") && !only.Any(o => m.Name.Contains(o, StringComparison.Ordinal)));
        string[] workloads = ["udp-sendto", "tcp-send", .. options.Contended ? new[] { "udp-sendto" + ContendedSuffix, "tcp-send" + ContendedSuffix } : []];
        if (options.Workload is { } onlyWorkload)
            workloads = [.. workloads.Where(w => w == onlyWorkload)];

        output.WriteLine($"capture benchmark: {options.Calls:N0} calls of {PayloadBytes} B per run, {options.Runs} interleaved runs and their median, " +
                         $"{Environment.ProcessorCount} CPUs, kernel {Environment.OSVersion.Version}, pnm {options.Pnm}, ring {options.RingSize ?? "default"}");
        output.WriteLine($"{"workload",-15} {"monitor",-30} {"run",6} {"calls/s",11} {"vs none",7} {"+ns/call",8} {"+cpu ns",7} {"x bpftr",7} {"x cpu",6} " +
                         $"{"recorded",9} {"summarized",10} {"lost",7} {"tx B miss",9} {"drain ns/ev",11} {"write ns/ev",11} {"mon CPU",7} {"mon RSS",7}");
        foreach (string workload in workloads)
        {
            var samples = monitors.ToDictionary(m => m.Name, _ => new List<Measurement>());
            for (int run = 0; run < options.Runs; run++)
                foreach (var monitor in monitors)
                    samples[monitor.Name].Add(Measure(workload, monitor));
            var bpftrace = samples.GetValueOrDefault("bpftrace sum per pid");
            foreach (var monitor in monitors)
            {
                for (int run = 0; run < options.Runs; run++)
                    Print(workload, monitor.Name, (run + 1).ToString(), samples[monitor.Name][run], samples["none"][run], bpftrace?[run]);
                Print(workload, monitor.Name, "median", MedianOf(samples[monitor.Name]), MedianOf(samples["none"]), bpftrace is null ? null : MedianOf(bpftrace));
            }
        }
    }

    private Monitor StartPnm(string file, string? ringSize, params string[] extra) =>
        Monitor.Start("pnm", options.Pnm, ["record", "-o", TempPath(file), "--force", .. ringSize is null ? Array.Empty<string>() : ["--ring-size", ringSize], .. extra],
            "recording to", readyOnStderr: true, TempPath(file));

    private Measurement Measure(string workload, MonitorKind kind)
    {
        bool contended = workload.EndsWith(ContendedSuffix, StringComparison.Ordinal);
        bool udp = workload.StartsWith("udp", StringComparison.Ordinal);
        using var target = Target.Open(udp);
        using var monitor = kind.Start();
        double cpuBefore = monitor.Pid is { } pid ? ProcessStats.CpuSeconds(pid) : 0;
        var threadsBefore = RecorderThreadSeconds(monitor);
        Flood flood;
        using (contended ? BusyLoops.Start(Environment.ProcessorCount) : null)
            flood = RunFlood(udp ? "udp-flood" : "tcp-flood", target.Port);
        double? cpuShare = monitor.Pid is { } p ? (ProcessStats.CpuSeconds(p) - cpuBefore) / flood.Seconds : null;
        double? rss = monitor.Pid is { } q ? ProcessStats.PeakRssMiB(q) : null;
        WaitUntilWriterIdle(monitor);
        var threadsAfter = RecorderThreadSeconds(monitor);
        monitor.Stop();
        target.Finish();

        if (monitor.Name != "pnm" || monitor.OutputPath is not { } recording)
            return new Measurement(options.Calls / flood.Seconds, flood.CpuSeconds * 1e9 / options.Calls, cpuShare, rss, null, null, null, null, null, null);
        // Either format, through the same reader pnm report uses.
        using var source = RecordingFile.Open(recording);
        var floodProcesses = source.ReadProcesses().Where(p => p.Pid == flood.Pid).Select(p => p.ProcessId).ToHashSet();
        long events = 0, floodSends = 0, floodTxBytes = 0;
        foreach (var e in source.ReadEvents())
        {
            events++;
            if (e.Direction == Direction.Tx && floodProcesses.Contains(e.ProcessId))
                (floodSends, floodTxBytes) = (floodSends + 1, floodTxBytes + e.Bytes);
        }
        long floodSummarized = 0;
        foreach (var summary in source.ReadSummarizedIo())
            if (summary.Direction == Direction.Tx && floodProcesses.Contains(summary.ProcessId))
                (floodSummarized, floodTxBytes) = (floodSummarized + summary.Calls, floodTxBytes + summary.Bytes);
        double? NsPerEvent(double? before, double? after) => before is { } b && after is { } a && events > 0 ? (a - b) * 1e9 / events : null;
        return new Measurement(options.Calls / flood.Seconds, flood.CpuSeconds * 1e9 / options.Calls, cpuShare, rss,
            floodSends, floodSummarized, source.ReadLosses().Sum(l => l.Lost), flood.Sent - floodTxBytes,
            NsPerEvent(threadsBefore.Drain, threadsAfter.Drain), NsPerEvent(threadsBefore.Write, threadsAfter.Write));
    }

    /// <summary>CPU seconds of pnm's drain and writer threads; nulls for other monitors and for a pnm without them.</summary>
    private static (double? Drain, double? Write) RecorderThreadSeconds(Monitor monitor) =>
        monitor.Name == "pnm" && monitor.Pid is { } pid
            ? (ProcessStats.ThreadCpuSeconds(pid, RecorderThreads.Drain), ProcessStats.ThreadCpuSeconds(pid, RecorderThreads.Write))
            : (null, null);

    /// <summary>The flood is over when its sender exits; the writer may still be working through queued batches.</summary>
    private static void WaitUntilWriterIdle(Monitor monitor)
    {
        var deadline = Stopwatch.StartNew();
        double? previous = RecorderThreadSeconds(monitor).Write;
        while (previous is not null && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            Thread.Sleep(300);
            double? now = RecorderThreadSeconds(monitor).Write;
            if (now == previous)
                return;
            previous = now;
        }
    }

    private sealed record Flood(int Pid, long Sent, double Seconds, double CpuSeconds);

    private Flood RunFlood(string role, int port)
    {
        var info = new ProcessStartInfo(Path.Combine(Here, "pnm-trafficgen")) { RedirectStandardOutput = true };
        foreach (string arg in new[] { role, "4", port.ToString(), options.Calls.ToString(), PayloadBytes.ToString() })
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        using var json = JsonDocument.Parse(stdout.Split('\n').Single(l => l.StartsWith("result ", StringComparison.Ordinal))[7..]);
        var result = json.RootElement;
        return new Flood(result.GetProperty("pid").GetInt32(), result.GetProperty("sent").GetInt64(),
            result.GetProperty("seconds").GetDouble(), result.GetProperty("cpuSeconds").GetDouble());
    }

    /// <param name="none">The same run (or the median) without a monitor.</param>
    /// <param name="bpftrace">The same run (or the median) with bpftrace: pnm's added cost is shown as a multiple of its.</param>
    private void Print(string workload, string monitor, string run, Measurement sample, Measurement none, Measurement? bpftrace)
    {
        bool baseline = monitor == "none";
        double AddedNs(Measurement m) => 1e9 / m.CallsPerSecond - 1e9 / none.CallsPerSecond;
        double AddedCpuNs(Measurement m) => m.FloodCpuNsPerCall - none.FloodCpuNsPerCall;
        bool compared = monitor.StartsWith("pnm", StringComparison.Ordinal) && bpftrace is not null;
        string ratio = compared ? (AddedNs(sample) / AddedNs(bpftrace!)).ToString("0.00") : "-";
        // The same by the flooding process's own CPU time, which other tenants' preemption does not inflate.
        string cpuRatio = compared ? (AddedCpuNs(sample) / AddedCpuNs(bpftrace!)).ToString("0.00") : "-";
        static string Optional(double? value, string format) => value is { } v ? v.ToString(format) : "-";
        output.WriteLine($"{workload,-15} {monitor,-30} {run,6} {sample.CallsPerSecond,11:N0} {sample.CallsPerSecond / none.CallsPerSecond,7:P0} " +
                         $"{(baseline ? "-" : AddedNs(sample).ToString("N0")),8} {(baseline ? "-" : AddedCpuNs(sample).ToString("N0")),7} {ratio,7} {cpuRatio,6} " +
                         $"{Optional(sample.Recorded, "N0"),9} {Optional(sample.Summarized, "N0"),10} {Optional(sample.Lost, "N0"),7} {Optional(sample.MissingTxBytes, "N0"),9} " +
                         $"{Optional(sample.DrainNsPerEvent, "N0"),11} {Optional(sample.WriteNsPerEvent, "N0"),11} " +
                         $"{Optional(sample.MonitorCpuShare * 100, "0.0'%'"),7} {Optional(sample.MonitorRssMiB, "0' MiB'"),7}");
    }

    /// <summary>Each figure's median over the runs (an optional one only when every run has it).</summary>
    private static Measurement MedianOf(List<Measurement> runs)
    {
        double? OptionalMedian(Func<Measurement, double?> pick) => runs.All(r => pick(r) is not null) ? Medians.Of(runs.Select(r => pick(r)!.Value)) : null;
        return new Measurement(Medians.Of(runs.Select(r => r.CallsPerSecond)), Medians.Of(runs.Select(r => r.FloodCpuNsPerCall)),
            OptionalMedian(r => r.MonitorCpuShare), OptionalMedian(r => r.MonitorRssMiB), OptionalMedian(r => r.Recorded),
            OptionalMedian(r => r.Summarized), OptionalMedian(r => r.Lost), OptionalMedian(r => r.MissingTxBytes), OptionalMedian(r => r.DrainNsPerEvent), OptionalMedian(r => r.WriteNsPerEvent));
    }


    private static string TempPath(string name) => Path.Combine(Path.GetTempPath(), "pnm-bench-" + name);

    private static bool Installed(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, tool)));

    /// <summary>Other tenants: one shell busy loop per CPU for as long as it is not disposed.</summary>
    private sealed class BusyLoops : IDisposable
    {
        private readonly List<Process> loops;

        private BusyLoops(List<Process> loops) => this.loops = loops;

        public static BusyLoops Start(int count) =>
            new(Enumerable.Range(0, count).Select(_ => Process.Start("sh", ["-c", "while :; do :; done"])).ToList());

        public void Dispose()
        {
            foreach (var loop in loops)
            {
                loop.Kill();
                loop.WaitForExit();
                loop.Dispose();
            }
        }
    }

    /// <summary>The receiving end: a UDP socket that never reads (the kernel drops the excess), or a TCP server that reads all.</summary>
    private sealed class Target : IDisposable
    {
        private readonly Socket? udp;
        private readonly Process? tcpServer;
        public int Port { get; }

        private Target(Socket? udp, Process? tcpServer, int port)
        {
            this.udp = udp;
            this.tcpServer = tcpServer;
            Port = port;
        }

        public static Target Open(bool udp)
        {
            if (udp)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                return new Target(socket, null, ((IPEndPoint)socket.LocalEndPoint!).Port);
            }
            var info = new ProcessStartInfo(Path.Combine(Here, "pnm-trafficgen")) { RedirectStandardOutput = true };
            foreach (string arg in new[] { "tcp-server", "4", "0" })
                info.ArgumentList.Add(arg);
            var server = Process.Start(info)!;
            string ready = server.StandardOutput.ReadLine() ?? throw new InvalidOperationException("tcp-server did not start");
            return new Target(null, server, int.Parse(ready["ready ".Length..]));
        }

        public void Finish()
        {
            tcpServer?.StandardOutput.ReadToEnd();
            tcpServer?.WaitForExit();
        }

        public void Dispose()
        {
            udp?.Dispose();
            tcpServer?.Dispose();
        }
    }
}
