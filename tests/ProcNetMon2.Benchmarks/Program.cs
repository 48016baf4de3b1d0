using ProcNetMon2.Benchmarks;

// pnm-bench storage [--events N] [--format all|sqlite|segments]
//   N synthetic events through each recording writer and reader: events/s written, bytes/event,
//   events/s scanned and summed per process.
// pnm-bench capture [--calls N] [--runs R] [--ring-size S] [--contended] [--pnm PATH]
//   64-byte UDP sendto and TCP send floods on loopback, with no monitor, with `pnm record` to SQLite
//   and to segments (with the ring --ring-size, default pnm's, and with a 16K ring), and (when
//   installed) with bpftrace summing the same tracepoint per pid and with `tcpdump -i lo -w`; R runs
//   (default 5) interleaved, each printed, then their median. --contended repeats the floods while
//   one busy loop per CPU competes for the CPUs. --pnm measures another pnm build. Needs root.
//   Prints throughput, the ratio against no monitor, the cost added per call (also as a multiple of
//   bpftrace's in the same run), the flood's sends recorded, events lost, tx bytes the recording
//   misses against the flood's own count, pnm's drain and writer thread CPU per recorded event, and
//   the recorder's CPU and memory.
// pnm-bench analyze [--events N] [--runs R] [--no-duckdb] [--keep]
//   N synthetic events (300 processes, 4,000 sockets, an hour) as segments, SQLite and (pnm export)
//   Parquet: pnm report on each format against DuckDB's equivalent query on the Parquet file, best
//   of R runs; pnm report's peak memory as a child process. --keep leaves the files in the temp folder.
// pnm-bench diff [--events N] [--runs R] [--keep]
//   two segment recordings of N synthetic events each (the analyze shape, two seeds): pnm diff of them
//   against two pnm report runs one after the other (both grouped by comm), best of R; peak memory of each.
// pnm-bench history [--days D] [--events-per-second E] [--flow-sockets F] [--runs R]
//   a rotated segment history of D days (default 7; a flush a second with E events, default 50, the recorder's
//   statistics and F sockets' packet counts, default 20; a segment an hour): pnm report over its last hour, best of R.
// pnm-bench sqlite-split --db PATH [--segments PATH] [--runs R] [--only TEXT]
//   where pnm report's time on a SQLite recording goes (e.g. the files analyze --keep leaves): single-threaded
//   scans of every event with more and more of the reader's per-row work, then pnm report itself, best of R;
//   --only runs the steps whose name contains TEXT.
switch (args.FirstOrDefault())
{
    case "capture":
        new CaptureBenchmark(new CaptureOptions(Option(args, "--calls", 1_000_000), Option(args, "--runs", 5),
            args.Contains("--ring-size") ? TextOption(args, "--ring-size", "") : null, args.Contains("--contended"),
            TextOption(args, "--pnm", Path.Combine(AppContext.BaseDirectory, "pnm"))), Console.Out).Run();
        return 0;
    case "storage":
        new StorageBenchmark(Option(args, "--events", 5_000_000), TextOption(args, "--format", "all"), Console.Out).Run();
        return 0;
    case "analyze":
        await new AnalysisBenchmark(Option(args, "--events", 5_000_000), Option(args, "--runs", 3), !args.Contains("--no-duckdb"), args.Contains("--keep"), Console.Out).RunAsync();
        return 0;
    case "diff":
        await new DiffBenchmark(Option(args, "--events", 5_000_000), Option(args, "--runs", 3), args.Contains("--keep"), Console.Out).RunAsync();
        return 0;
    case "history":
        await new HistoryBenchmark(Option(args, "--days", 7), Option(args, "--events-per-second", 50), Option(args, "--flow-sockets", 20),
            Option(args, "--runs", 3), Console.Out).RunAsync();
        return 0;
    case "sqlite-split":
        await new SqliteScanSplit(TextOption(args, "--db", "trace.db"), args.Contains("--segments") ? TextOption(args, "--segments", "") : null,
            Option(args, "--runs", 3), args.Contains("--only") ? TextOption(args, "--only", "") : null, Console.Out).RunAsync();
        return 0;
    default:
        Console.Error.WriteLine("usage: pnm-bench capture [--calls N] [--runs R] [--ring-size S] [--contended] [--pnm PATH] | storage [--events N] [--format all|sqlite|segments] | analyze [--events N] [--runs R] [--no-duckdb] [--keep] | diff [--events N] [--runs R] [--keep] | history [--days D] [--events-per-second E] [--flow-sockets F] [--runs R] | sqlite-split --db PATH [--segments PATH] [--runs R] [--only TEXT]");
        return 2;
}

static int Option(string[] args, string name, int fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1]) : fallback;
}

static string TextOption(string[] args, string name, string fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}
