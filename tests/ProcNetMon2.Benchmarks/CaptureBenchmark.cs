using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ProcNetMon2.Schema;
using AddressFamily = System.Net.Sockets.AddressFamily;

namespace ProcNetMon2.Benchmarks;

/// <summary>What capturing costs a process that does nothing but small socket calls.</summary>
internal sealed class CaptureBenchmark(int calls, int runs, TextWriter output)
{
    private const int PayloadBytes = 64;
    private static readonly string Here = AppContext.BaseDirectory;

    private sealed record Measurement(double CallsPerSecond, double FloodCpuNsPerCall, double? MonitorCpuShare, double? MonitorRssMiB, long? Recorded, long? Lost);

    private sealed record MonitorKind(string Name, Func<Monitor> Start);

    public void Run()
    {
        var monitors = new List<MonitorKind>
        {
            new("none", Monitor.None),
            new("pnm record (sqlite)", () => Monitor.Start("pnm", Path.Combine(Here, "pnm"),
                ["record", "-o", TempPath("bench.db"), "--force"], "recording to", readyOnStderr: true, TempPath("bench.db"))),
            new("pnm record (segments)", () => Monitor.Start("pnm", Path.Combine(Here, "pnm"),
                ["record", "-o", TempPath("bench.pnm"), "--force"], "recording to", readyOnStderr: true, TempPath("bench.pnm"))),
        };
        if (Installed("bpftrace"))
            monitors.Add(new("bpftrace sum per pid", () => Monitor.Start("bpftrace", "bpftrace",
                ["-e", "tracepoint:sock:sock_send_length { @[pid] = sum(args->ret); } tracepoint:sock:sock_recv_length { @[pid] = sum(args->ret); }"],
                "Attaching", readyOnStderr: false, null)));
        if (Installed("tcpdump"))
            monitors.Add(new("tcpdump -i lo -w", () => Monitor.Start("tcpdump", "tcpdump",
                ["-i", "lo", "-w", TempPath("bench.pcap"), "-U"], "listening on", readyOnStderr: true, TempPath("bench.pcap"))));

        output.WriteLine($"capture benchmark: {calls:N0} calls of {PayloadBytes} B per run, median of {runs} runs, {Environment.ProcessorCount} CPUs, kernel {Environment.OSVersion.Version}");
        output.WriteLine($"{"workload",-10} {"monitor",-22} {"calls/s",12} {"vs none",8} {"+ns/call",9} {"+cpu ns",8} {"recorded",11} {"lost",8} {"mon CPU",8} {"mon RSS",9}");
        foreach (string workload in new[] { "udp-sendto", "tcp-send" })
        {
            var samples = monitors.ToDictionary(m => m.Name, _ => new List<Measurement>());
            for (int run = 0; run < runs; run++)
                foreach (var monitor in monitors)
                    samples[monitor.Name].Add(Measure(workload, monitor));
            double baseline = Median(samples["none"].Select(s => s.CallsPerSecond));
            double baselineCpu = Median(samples["none"].Select(s => s.FloodCpuNsPerCall));
            foreach (var monitor in monitors)
                Print(workload, monitor.Name, samples[monitor.Name], baseline, baselineCpu);
        }
    }

    private Measurement Measure(string workload, MonitorKind kind)
    {
        using var target = Target.Open(workload);
        using var monitor = kind.Start();
        double cpuBefore = monitor.Pid is { } pid ? ProcessStats.CpuSeconds(pid) : 0;
        var flood = RunFlood(workload == "udp-sendto" ? "udp-flood" : "tcp-flood", target.Port);
        double? cpuShare = monitor.Pid is { } p ? (ProcessStats.CpuSeconds(p) - cpuBefore) / flood.Seconds : null;
        double? rss = monitor.Pid is { } q ? ProcessStats.PeakRssMiB(q) : null;
        monitor.Stop();
        target.Finish();

        long? recorded = null, lost = null;
        if (monitor.Name == "pnm" && monitor.OutputPath is { } recording)
        {
            // Either format, through the same reader pnm report uses.
            using var source = RecordingFile.Open(recording);
            var floodProcesses = source.ReadProcesses().Where(p => p.Pid == flood.Pid).Select(p => p.ProcessId).ToHashSet();
            recorded = source.ReadEvents().LongCount(e => floodProcesses.Contains(e.ProcessId) && e.Direction == Direction.Tx);
            lost = source.ReadLosses().Sum(l => l.Lost);
        }
        return new Measurement(calls / flood.Seconds, flood.CpuSeconds * 1e9 / calls, cpuShare, rss, recorded, lost);
    }

    private (int Pid, double Seconds, double CpuSeconds) RunFlood(string role, int port)
    {
        var info = new ProcessStartInfo(Path.Combine(Here, "pnm-trafficgen")) { RedirectStandardOutput = true };
        foreach (string arg in new[] { role, "4", port.ToString(), calls.ToString(), PayloadBytes.ToString() })
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        using var json = JsonDocument.Parse(stdout.Split('\n').Single(l => l.StartsWith("result ", StringComparison.Ordinal))[7..]);
        var result = json.RootElement;
        return (result.GetProperty("pid").GetInt32(), result.GetProperty("seconds").GetDouble(), result.GetProperty("cpuSeconds").GetDouble());
    }

    private void Print(string workload, string monitor, List<Measurement> samples, double baseline, double baselineCpu)
    {
        double callsPerSecond = Median(samples.Select(s => s.CallsPerSecond));
        double addedNs = 1e9 / callsPerSecond - 1e9 / baseline;
        double addedCpuNs = Median(samples.Select(s => s.FloodCpuNsPerCall)) - baselineCpu;
        string Optional(Func<Measurement, double?> pick, string format) =>
            samples.All(s => pick(s) is not null) ? Median(samples.Select(s => pick(s)!.Value)).ToString(format) : "-";
        output.WriteLine($"{workload,-10} {monitor,-22} {callsPerSecond,12:N0} {callsPerSecond / baseline,8:P0} {(monitor == "none" ? "-" : addedNs.ToString("N0")),9} " +
                         $"{(monitor == "none" ? "-" : addedCpuNs.ToString("N0")),8} " +
                         $"{Optional(s => s.Recorded, "N0"),11} {Optional(s => s.Lost, "N0"),8} {Optional(s => s.MonitorCpuShare * 100, "0.0'%'"),8} {Optional(s => s.MonitorRssMiB, "0' MiB'"),9}");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string TempPath(string name) => Path.Combine(Path.GetTempPath(), "pnm-bench-" + name);

    private static bool Installed(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, tool)));

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

        public static Target Open(string workload)
        {
            if (workload == "udp-sendto")
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
