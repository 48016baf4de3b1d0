using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ProcNetMon2.Cli;
using ProcNetMon2.Schema;
using ProcNetMon2.Tests.Analyze.Export;

namespace ProcNetMon2.Benchmarks;

/// <summary>
/// A simulated fleet: one segment recording per host (the analysis benchmark's shape, a seed per host, all
/// over the same hour), added to a dataset by one pnm export --dataset as a child process (events/s, bytes
/// per event, peak memory); then docs/fleet.md's report query run by DuckDB over the dataset against pnm
/// report --group-by host,comm over the recordings, best of several interleaved runs, their answers compared.
/// </summary>
internal sealed class FleetBenchmark(int hosts, int eventsPerHost, int runs, bool keepFiles, TextWriter output)
{
    public async Task RunAsync()
    {
        string directory = Path.Combine(Path.GetTempPath(), "pnm-bench-fleet");
        if (Directory.Exists(directory))
            Directory.Delete(directory, recursive: true);
        Directory.CreateDirectory(directory);
        string dataset = Path.Combine(directory, "fleet");
        long events = (long)hosts * eventsPerHost;
        try
        {
            output.WriteLine($"fleet benchmark: {hosts} hosts x {eventsPerHost:N0} synthetic events ({events:N0} events), {AnalysisBenchmark.Processes} processes and {AnalysisBenchmark.Sockets:N0} sockets per host, over the same hour");
            var recordings = Enumerable.Range(1, hosts).Select(h => Write(Path.Combine(directory, $"host-{h:00}.pnm"), h)).ToArray();
            output.WriteLine($"recordings: {Size(recordings.SelectMany(r => Directory.EnumerateFiles(r)), events)}");

            var export = AnalysisBenchmark.Child(["export", .. recordings, "--dataset", dataset]);
            var eventFiles = Directory.EnumerateFiles(Path.Combine(dataset, "events"), "*.parquet", SearchOption.AllDirectories);
            output.WriteLine($"pnm export --dataset: {export.Seconds:F1} s ({events / export.Seconds:N0} events/s), peak RSS {export.PeakRssMiB:N0} MiB; "
                + $"events {Size(eventFiles, events)}, all tables {Size(Directory.EnumerateFiles(dataset, "*.parquet", SearchOption.AllDirectories), events)}");

            double bestDuckDb = double.MaxValue, bestPnm = double.MaxValue;
            List<Dictionary<string, object?>> duckDbRows = [];
            string pnmJson = "";
            for (int run = 1; run <= runs; run++)
            {
                GC.Collect();
                var clock = Stopwatch.StartNew();
                duckDbRows = FleetQueries.Run("report", dataset);
                double duckDb = clock.Elapsed.TotalSeconds;
                GC.Collect();
                clock.Restart();
                pnmJson = await Report(recordings);
                double pnm = clock.Elapsed.TotalSeconds;
                output.WriteLine($"  run {run}: duckdb report query {duckDb:F2} s, pnm report --group-by host,comm {pnm:F2} s");
                (bestDuckDb, bestPnm) = (Math.Min(bestDuckDb, duckDb), Math.Min(bestPnm, pnm));
            }
            output.WriteLine($"best: duckdb {bestDuckDb:F2} s ({events / bestDuckDb:N0} events/s), pnm report {bestPnm:F2} s ({events / bestPnm:N0} events/s)");
            var child = AnalysisBenchmark.Child(["report", .. recordings, "--group-by", "host,comm", "--format", "csv"]);
            output.WriteLine($"pnm report as a child process: {child.Seconds:F2} s, peak RSS {child.PeakRssMiB:N0} MiB");
            output.WriteLine(Agreement(pnmJson, duckDbRows));
        }
        finally
        {
            if (keepFiles)
                output.WriteLine($"kept {directory}");
            else
                Directory.Delete(directory, recursive: true);
        }
    }

    private string Write(string path, int host)
    {
        AnalysisBenchmark.WriteSegments(path, eventsPerHost, seed: host, AnalysisBenchmark.Info() with { Host = $"host-{host:00}" });
        return path;
    }

    private static async Task<string> Report(string[] recordings)
    {
        var text = new StringWriter();
        var error = new StringWriter();
        int code = await PnmCli.RunAsync(["report", .. recordings, "--group-by", "host,comm", "--format", "json"], text, error);
        if (code != 0)
            throw new InvalidOperationException($"pnm report failed ({code}): {error}");
        return text.ToString();
    }

    /// <summary>Every (host, comm) group's bytes and rate figures must be equal.</summary>
    private static string Agreement(string pnmJson, List<Dictionary<string, object?>> duckDb)
    {
        using var json = JsonDocument.Parse(pnmJson);
        var pnm = json.RootElement.GetProperty("rows").EnumerateArray().ToDictionary(r => (r.GetProperty("host").GetString(), r.GetProperty("comm").GetString()));
        string[] figures = ["tx_bytes", "rx_bytes", "avg_tx_rate", "avg_rx_rate", "peak_tx_rate", "peak_rx_rate", "p50_rate", "p95_rate", "p99_rate"];
        foreach (var row in duckDb)
        {
            var expected = pnm[((string?)row["host"], (string?)row["comm"])];
            foreach (string figure in figures)
                if (expected.GetProperty(figure).GetDouble() != Convert.ToDouble(row[figure], CultureInfo.InvariantCulture))
                    throw new InvalidOperationException($"{row["host"]} {row["comm"]}: pnm report's {figure} is {expected.GetProperty(figure)}, DuckDB's {row[figure]}");
        }
        if (pnm.Count != duckDb.Count)
            throw new InvalidOperationException($"pnm report has {pnm.Count} groups, DuckDB {duckDb.Count}");
        return $"check: pnm report and DuckDB agree on {duckDb.Count} (host, comm) groups ({string.Join(", ", figures)})";
    }

    private static string Size(IEnumerable<string> files, long events)
    {
        long bytes = files.Sum(f => new FileInfo(f).Length);
        return $"{bytes / 1048576.0:N0} MiB ({(double)bytes / events:F1} B/event)";
    }
}
