using ProcNetMon2.Benchmarks;

// pnm-bench storage [--events N] [--format all|sqlite|segments]
//   N synthetic events through each recording writer and reader: events/s written, bytes/event,
//   events/s scanned and summed per process.
// pnm-bench capture [--calls N] [--runs R] [--ring-size S] [--contended] [--pnm PATH] [--only A,B] [--workload NAME]
//   64-byte UDP sendto and TCP send floods on loopback, with no monitor, with `pnm record` to SQLite
//   and to segments (with the ring --ring-size, default pnm's, and with a 16K ring), and (when
//   installed) with bpftrace summing the same tracepoint per pid and with `tcpdump -i lo -w`; R runs
//   (default 5) interleaved, each printed, then their median. --contended repeats the floods while
//   one busy loop per CPU competes for the CPUs. --pnm measures another pnm build. Needs root.
//   Prints throughput, the ratio against no monitor, the cost added per call (also as a multiple of
//   bpftrace's in the same run), the flood's sends recorded, events lost, tx bytes the recording
//   misses against the flood's own count, pnm's drain and writer thread CPU per recorded event, and
//   the recorder's CPU and memory. Rows `pnm no pkt + …` attach candidate packet-accounting programs
//   (bpf/candidates.bpf.c) beside pnm record --no-packets. --only keeps the monitors whose name contains one
//   of the comma-separated texts (and the baselines), --workload one workload.
// pnm-bench analyze [--events N] [--runs R] [--no-duckdb] [--keep]
//   N synthetic events (300 processes, 4,000 sockets, an hour) as segments, SQLite and (pnm export)
//   Parquet: pnm report on each format against DuckDB's equivalent query on the Parquet file, best
//   of R runs, and pnm report on the segments as a child process (the pnm README's `dotnet publish cli` makes, as
//   every child-process benchmark runs it: its time against DuckDB's, its peak memory). --keep leaves the files in the temp folder.
// pnm-bench diff [--events N] [--runs R] [--keep]
//   two segment recordings of N synthetic events each (the analyze shape, two seeds): pnm diff of them
//   against two pnm report runs one after the other (both grouped by comm), R interleaved runs (default 5)
//   of child processes: every run's wall time and peak memory, the medians, and how many runs meet the targets.
// pnm-bench html [--events N] [--runs R]
//   pnm report --format html of N synthetic events (the analyze shape: an hour, 300 processes, the top 10 at 1 s): the
//   file's size, its write time against --format json, its load and draw time in headless Chromium (R runs each), and
//   a report's time with the readers reporting progress to a listener against nobody listening.
// pnm-bench fleet [--hosts H] [--events N] [--runs R] [--keep]
//   H segment recordings of N synthetic events each (the analyze shape, a seed and host name per host,
//   the same hour): pnm export --dataset of all of them (events/s, bytes/event, peak memory), then
//   docs/fleet.md's DuckDB report query over the dataset against pnm report --group-by host,comm over
//   the recordings, best of R (default 2), answers compared. Defaults: 20 hosts x 10,000,000 events.
// pnm-bench live [--rate N] [--seconds S] [--runs R] [--pnm PATH]
//   a steady N sendto/s (default 100,000) of 64 B for S s (default 10) under pnm record, pnm top -o
//   (the same recording and the view as JSON Lines), pnm top alone (jsonl, table): R interleaved runs
//   (default 3) and their median; pnm's CPU as a share of one core, the view's added share against
//   pnm record in the same round, and the worst stray of an interval from 1 s. Needs root.
// pnm-bench history [--days D] [--events-per-second E] [--flow-sockets F] [--runs R] [--keep]
//   a rotated segment history of D days (default 7; a flush a second with E events, default 50, the recorder's
//   statistics and F sockets' packet counts, default 20; a segment an hour): pnm report over its last hour, best of R.
//   --keep leaves the recording in the temp folder.
// pnm-bench sqlite-split --db PATH [--segments PATH] [--runs R] [--only TEXT]
//   where pnm report's time on a SQLite recording goes (e.g. the files analyze --keep leaves): single-threaded
//   scans of every event with more and more of the reader's per-row work, then pnm report itself, best of R;
//   --only runs the steps whose name contains TEXT.
switch (args.FirstOrDefault())
{
    case "capture":
        new CaptureBenchmark(new CaptureOptions(Option(args, "--calls", 1_000_000), Option(args, "--runs", 5),
            args.Contains("--ring-size") ? TextOption(args, "--ring-size", "") : null, args.Contains("--contended"),
            TextOption(args, "--pnm", Path.Combine(AppContext.BaseDirectory, "pnm")),
            args.Contains("--only") ? TextOption(args, "--only", "").Split(',') : null,
            args.Contains("--workload") ? TextOption(args, "--workload", "") : null), Console.Out).Run();
        return 0;
    case "live":
        new LiveBenchmark(new LiveOptions(Option(args, "--rate", 100_000), Option(args, "--seconds", 10), Option(args, "--runs", 3),
            TextOption(args, "--pnm", Path.Combine(AppContext.BaseDirectory, "pnm"))), Console.Out).Run();
        return 0;
    case "storage":
        new StorageBenchmark(Option(args, "--events", 5_000_000), TextOption(args, "--format", "all"), Console.Out).Run();
        return 0;
    case "analyze":
        await new AnalysisBenchmark(Option(args, "--events", 5_000_000), Option(args, "--runs", 3), !args.Contains("--no-duckdb"), args.Contains("--keep"), Console.Out).RunAsync();
        return 0;
    case "diff":
        await new DiffBenchmark(Option(args, "--events", 5_000_000), Option(args, "--runs", 5), args.Contains("--keep"), Console.Out).RunAsync();
        return 0;
    case "html":
        await new HtmlBenchmark(Option(args, "--events", 5_000_000), Option(args, "--runs", 3), Console.Out).RunAsync();
        return 0;
    case "fleet":
        await new FleetBenchmark(Option(args, "--hosts", 20), Option(args, "--events", 10_000_000), Option(args, "--runs", 2), args.Contains("--keep"), Console.Out).RunAsync();
        return 0;
    case "history":
        await new HistoryBenchmark(Option(args, "--days", 7), Option(args, "--events-per-second", 50), Option(args, "--flow-sockets", 20),
            Option(args, "--runs", 3), args.Contains("--keep"), Console.Out).RunAsync();
        return 0;
    case "sqlite-split":
        await new SqliteScanSplit(TextOption(args, "--db", "trace.db"), args.Contains("--segments") ? TextOption(args, "--segments", "") : null,
            Option(args, "--runs", 3), args.Contains("--only") ? TextOption(args, "--only", "") : null, Console.Out).RunAsync();
        return 0;
    default:
        Console.Error.WriteLine("usage: pnm-bench capture [--calls N] [--runs R] [--ring-size S] [--contended] [--pnm PATH] [--only A,B] [--workload NAME] | live [--rate N] [--seconds S] [--runs R] [--pnm PATH] | storage [--events N] [--format all|sqlite|segments] | analyze [--events N] [--runs R] [--no-duckdb] [--keep] | diff [--events N] [--runs R] [--keep] | html [--events N] [--runs R] | fleet [--hosts H] [--events N] [--runs R] [--keep] | history [--days D] [--events-per-second E] [--flow-sockets F] [--runs R] [--keep] | sqlite-split --db PATH [--segments PATH] [--runs R] [--only TEXT]");
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
