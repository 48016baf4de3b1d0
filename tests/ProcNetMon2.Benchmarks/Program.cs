using ProcNetMon2.Benchmarks;

// pnm-bench capture [--calls N] [--runs R]
//   64-byte UDP sendto and TCP send floods on loopback, with no monitor, with `pnm record`, and
//   (when installed) with bpftrace summing the same tracepoint per pid and with `tcpdump -i lo -w`.
//   Needs root. Prints throughput, the ratio against no monitor, the cost added per call, events
//   recorded and lost, and the recorder's CPU and memory.
if (args.Length == 0 || args[0] != "capture")
{
    Console.Error.WriteLine("usage: pnm-bench capture [--calls N] [--runs R]");
    return 2;
}
int calls = Option(args, "--calls", 1_000_000);
int runs = Option(args, "--runs", 3);
new CaptureBenchmark(calls, runs, Console.Out).Run();
return 0;

static int Option(string[] args, string name, int fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1]) : fallback;
}
