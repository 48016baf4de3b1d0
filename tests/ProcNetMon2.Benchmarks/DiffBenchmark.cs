namespace ProcNetMon2.Benchmarks;

/// <summary>
/// pnm diff of two synthetic segment recordings (the analysis benchmark's shape, two seeds) against the two
/// pnm report runs it replaces, one after the other, grouped alike (by comm). Every run is a child process,
/// as a user runs pnm, interleaved; each run and the medians are printed with the targets: the diff's wall
/// time at most 1.2x the two reports', and its peak memory no higher than one report's plus the second
/// side's groups.
/// </summary>
internal sealed class DiffBenchmark(int events, int runs, bool keepFiles, TextWriter output)
{
    private const double TimeTarget = 1.2;
    /// <summary>The second side's groups: each group's tx and rx per-interval bins over the hour, 8 bytes each.</summary>
    private static readonly double SecondSideGroupsMiB =
        AnalysisBenchmark.Processes * (AnalysisBenchmark.SpanNs / 1_000_000_000.0) * 2 * sizeof(long) / (1024.0 * 1024.0);

    private sealed record Run(AnalysisBenchmark.ChildRun ReportBase, AnalysisBenchmark.ChildRun ReportNew, AnalysisBenchmark.ChildRun Diff)
    {
        public double TwoReportsSeconds => ReportBase.Seconds + ReportNew.Seconds;
        public double TimeRatio => Diff.Seconds / TwoReportsSeconds;
        public double AllowedPeakMiB => Math.Max(ReportBase.PeakRssMiB, ReportNew.PeakRssMiB) + SecondSideGroupsMiB;
    }

    public Task RunAsync()
    {
        string directory = Path.Combine(Path.GetTempPath(), "pnm-bench-diff");
        if (Directory.Exists(directory))
            Directory.Delete(directory, recursive: true);
        Directory.CreateDirectory(directory);
        string before = Path.Combine(directory, "base.pnm"), after = Path.Combine(directory, "new.pnm");
        try
        {
            output.WriteLine($"diff benchmark: two segment recordings of {events:N0} synthetic events each, {runs} interleaved runs of child processes, " +
                             $"{Environment.ProcessorCount} CPUs; allowed diff peak = one report's + {SecondSideGroupsMiB:0.0} MiB " +
                             $"({AnalysisBenchmark.Processes} groups x {AnalysisBenchmark.SpanNs / 1_000_000_000} s x tx/rx x 8 B)");
            Write(before, events, seed: 42);
            Write(after, events, seed: 43);
            string[] report = ["--group-by", "comm", "--format", "csv"];
            var all = new List<Run>();
            output.WriteLine($"{"run",6} {"report base s",13} {"report new s",12} {"two reports s",13} {"diff s",7} {"x",5} {"report MiB",10} {"diff MiB",8} {"allowed",7}");
            for (int run = 1; run <= runs; run++)
            {
                var sample = new Run(AnalysisBenchmark.Child(["report", before, .. report]), AnalysisBenchmark.Child(["report", after, .. report]),
                    AnalysisBenchmark.Child("diff", before, after, "--format", "csv"));
                all.Add(sample);
                Print(run.ToString(), sample);
            }
            var median = new Run(MedianOf(all.Select(r => r.ReportBase)), MedianOf(all.Select(r => r.ReportNew)), MedianOf(all.Select(r => r.Diff)));
            Print("median", median);
            int fastEnough = all.Count(r => r.TimeRatio <= TimeTarget), smallEnough = all.Count(r => r.Diff.PeakRssMiB <= r.AllowedPeakMiB);
            output.WriteLine($"time target (diff at most {TimeTarget}x the two reports): {fastEnough} of {runs} runs, median {median.TimeRatio:0.00}x; " +
                             $"memory target (diff peak at most one report's + the second side's groups): {smallEnough} of {runs} runs, " +
                             $"median {median.Diff.PeakRssMiB:0} MiB against {median.AllowedPeakMiB:0} MiB");
        }
        finally
        {
            if (keepFiles)
                output.WriteLine($"kept {before} and {after}");
            else
                Directory.Delete(directory, recursive: true);
        }
        return Task.CompletedTask;
    }

    private void Print(string run, Run r) =>
        output.WriteLine($"{run,6} {r.ReportBase.Seconds,13:0.00} {r.ReportNew.Seconds,12:0.00} {r.TwoReportsSeconds,13:0.00} {r.Diff.Seconds,7:0.00} " +
                         $"{r.TimeRatio,5:0.00} {Math.Max(r.ReportBase.PeakRssMiB, r.ReportNew.PeakRssMiB),10:0} {r.Diff.PeakRssMiB,8:0} {r.AllowedPeakMiB,7:0}");

    private static AnalysisBenchmark.ChildRun MedianOf(IEnumerable<AnalysisBenchmark.ChildRun> runs)
    {
        var list = runs.ToList();
        return new AnalysisBenchmark.ChildRun(Medians.Of(list.Select(r => r.Seconds)), Medians.Of(list.Select(r => r.PeakRssMiB)));
    }

    /// <summary>A segment recording of <paramref name="events"/> synthetic events of the analysis benchmark's shape (an hour).</summary>
    internal static void Write(string path, int events, int seed) => AnalysisBenchmark.WriteSegments(path, events, seed, AnalysisBenchmark.Info());
}
