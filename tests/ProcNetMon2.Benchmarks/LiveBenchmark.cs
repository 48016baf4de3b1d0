using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace ProcNetMon2.Benchmarks;

/// <param name="Rate">sendto calls per second of the steady load.</param>
internal sealed record LiveOptions(int Rate, int Seconds, int Runs, string Pnm);

/// <summary>
/// What pnm top's live view adds to the recorder's own cost: the same steady load of small UDP sends
/// under `pnm record` and under `pnm top` recording the same capture (and under `pnm top` without a
/// recording), the monitor's CPU as a share of one core, and how far each interval strays from 1 s.
/// </summary>
internal sealed class LiveBenchmark(LiveOptions options, TextWriter output)
{
    private const int PayloadBytes = 64;
    private static readonly string Here = AppContext.BaseDirectory;

    private sealed record Measurement(double CallsPerSecond, double CpuShare, double? WorstIntervalErrorMs);

    public void Run()
    {
        (string Name, string[] Args, string? File)[] monitors =
        [
            ("pnm record", ["record", "-o", TempPath("live.pnm"), "--force"], TempPath("live.pnm")),
            ("pnm top -o, jsonl", ["top", "-o", TempPath("live.pnm"), "--force", "--format", "jsonl"], TempPath("live.pnm")),
            ("pnm top, jsonl", ["top", "--format", "jsonl"], null),
            ("pnm top, table", ["top", "--format", "table"], null),
        ];
        output.WriteLine($"live view benchmark: {options.Rate:N0} sendto/s of {PayloadBytes} B for {options.Seconds} s per run, {options.Runs} interleaved runs " +
                         $"and their median, {Environment.ProcessorCount} CPUs, pnm {options.Pnm}");
        output.WriteLine($"{"monitor",-20} {"run",6} {"calls/s",9} {"pnm CPU",8} {"vs record",9} {"worst interval",14}");
        var samples = monitors.ToDictionary(m => m.Name, _ => new List<Measurement>());
        for (int run = 0; run < options.Runs; run++)
            foreach (var (name, args, file) in monitors)
                samples[name].Add(Measure(name, args, file));
        foreach (var (name, _, _) in monitors)
        {
            for (int run = 0; run < options.Runs; run++)
                Print(name, (run + 1).ToString(), samples[name][run], samples["pnm record"][run]);
            Print(name, "median", MedianOf(samples[name]), MedianOf(samples["pnm record"]));
        }
    }

    private Measurement Measure(string name, string[] args, string? file)
    {
        using var target = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        target.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var monitor = Monitor.Start(name, options.Pnm, args, "Ctrl+C to stop", readyOnStderr: true, file);
        double cpuBefore = ProcessStats.CpuSeconds(monitor.Pid!.Value);
        var clock = Stopwatch.StartNew();
        long calls = RunLoad(((IPEndPoint)target.LocalEndPoint!).Port);
        double seconds = clock.Elapsed.TotalSeconds;
        double cpuShare = (ProcessStats.CpuSeconds(monitor.Pid!.Value) - cpuBefore) / seconds;
        monitor.Stop();
        return new Measurement(calls / seconds, cpuShare, WorstIntervalError(monitor.StdoutLines));
    }

    /// <summary>The largest gap between an interval's length and 1 s, from the jsonl lines; null for other output.</summary>
    private static double? WorstIntervalError(IEnumerable<string> lines)
    {
        double? worst = null;
        // The first interval also holds the capture's start-up, the last ends with the stop.
        foreach (string line in lines.Where(l => l.StartsWith('{')).Skip(1).SkipLast(1))
        {
            using var json = JsonDocument.Parse(line);
            double error = Math.Abs(json.RootElement.GetProperty("interval_s").GetDouble() - 1) * 1000;
            worst = Math.Max(worst ?? 0, error);
        }
        return worst;
    }

    private long RunLoad(int port)
    {
        var info = new ProcessStartInfo(Path.Combine(Here, "pnm-trafficgen")) { RedirectStandardOutput = true };
        foreach (string arg in new[] { "udp-steady", "4", port.ToString(), options.Rate.ToString(), options.Seconds.ToString(), PayloadBytes.ToString() })
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        using var json = JsonDocument.Parse(stdout.Split('\n').Single(l => l.StartsWith("result ", StringComparison.Ordinal))[7..]);
        return json.RootElement.GetProperty("sent").GetInt64() / PayloadBytes;
    }

    private void Print(string monitor, string run, Measurement sample, Measurement record)
    {
        string added = monitor == "pnm record" ? "-" : $"{(sample.CpuShare - record.CpuShare) * 100:+0.0;-0.0} pt";
        string interval = sample.WorstIntervalErrorMs is { } ms ? $"{ms:0} ms" : "-";
        output.WriteLine($"{monitor,-20} {run,6} {sample.CallsPerSecond,9:N0} {sample.CpuShare * 100,7:0.0}% {added,9} {interval,14}");
    }

    private static Measurement MedianOf(List<Measurement> runs) => new(
        Medians.Of(runs.Select(r => r.CallsPerSecond)), Medians.Of(runs.Select(r => r.CpuShare)),
        runs.All(r => r.WorstIntervalErrorMs is not null) ? Medians.Of(runs.Select(r => r.WorstIntervalErrorMs!.Value)) : null);


    private static string TempPath(string name) => Path.Combine(Path.GetTempPath(), "pnm-bench-" + name);
}
