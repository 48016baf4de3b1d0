using System.Diagnostics;
using ProcNetMon2.Cli;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Benchmarks;

/// <summary>
/// pnm diff of two synthetic segment recordings (the analysis benchmark's shape, two seeds) against the two
/// pnm report runs it replaces, one after the other, grouped alike (by comm); best of several interleaved
/// runs in-process through the command line's entry point, then each as a child process for its peak memory.
/// </summary>
internal sealed class DiffBenchmark(int events, int runs, bool keepFiles, TextWriter output)
{
    public async Task RunAsync()
    {
        string directory = Path.Combine(Path.GetTempPath(), "pnm-bench-diff");
        if (Directory.Exists(directory))
            Directory.Delete(directory, recursive: true);
        Directory.CreateDirectory(directory);
        string before = Path.Combine(directory, "base.pnm"), after = Path.Combine(directory, "new.pnm");
        try
        {
            output.WriteLine($"diff benchmark: two segment recordings of {events:N0} synthetic events each");
            Write(before, seed: 42);
            Write(after, seed: 43);
            string[] report = ["--group-by", "comm", "--format", "csv"];
            double reports = double.MaxValue, diff = double.MaxValue;
            for (int run = 1; run <= runs; run++)
            {
                double twoReports = await Timed(async () =>
                {
                    await Pnm(["report", before, .. report]);
                    await Pnm(["report", after, .. report]);
                });
                double oneDiff = await Timed(() => Pnm(["diff", before, after, "--format", "csv"]));
                output.WriteLine($"  run {run}: two reports {twoReports:F2} s, diff {oneDiff:F2} s");
                (reports, diff) = (Math.Min(reports, twoReports), Math.Min(diff, oneDiff));
            }
            output.WriteLine($"best: two pnm report runs {reports:F2} s, pnm diff {diff:F2} s: {diff / reports:F2}x (target at most 1.2x)");
            var reportChild = AnalysisBenchmark.Child(["report", before, .. report]);
            var diffChild = AnalysisBenchmark.Child("diff", before, after, "--format", "csv");
            output.WriteLine($"as child processes: pnm report {reportChild.Seconds:F2} s, peak RSS {reportChild.PeakRssMiB:N0} MiB; " +
                             $"pnm diff {diffChild.Seconds:F2} s, peak RSS {diffChild.PeakRssMiB:N0} MiB");
        }
        finally
        {
            if (keepFiles)
                output.WriteLine($"kept {before} and {after}");
            else
                Directory.Delete(directory, recursive: true);
        }
    }

    private void Write(string path, int seed) => AnalysisBenchmark.WriteSegments(path, events, seed, AnalysisBenchmark.Info());

    private static async Task<double> Timed(Func<Task> run)
    {
        GC.Collect();
        var clock = Stopwatch.StartNew();
        await run();
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task Pnm(string[] args)
    {
        var error = new StringWriter();
        int code = await PnmCli.RunAsync(args, TextWriter.Null, error);
        if (code != 0)
            throw new InvalidOperationException($"pnm {string.Join(' ', args)} failed ({code}): {error}");
    }
}
