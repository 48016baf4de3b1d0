using System.Diagnostics;
using ProcNetMon2.Cli;
using ProcNetMon2.Schema;
using ProcNetMon2.Tests.Analyze.Html;

namespace ProcNetMon2.Benchmarks;

/// <summary>
/// `pnm report --format html` on an hour of synthetic events (the analysis benchmark's shape: 300 processes, the top 10
/// drawn at 1 s): the file's size, its write time against `--format json` of the same report (interleaved runs
/// in-process through the command line's entry point), its load and render time in headless Chromium, and what
/// progress reporting costs a report (the readers reporting to a listener, as on a terminal, against nobody listening);
/// and `pnm diff A B --format html -o FILE` against `--format json` of the same diff (a second recording, another seed).
/// The page against json is also timed as a user runs it: the published pnm as a child process, interleaved.
/// </summary>
internal sealed class HtmlBenchmark(int events, int runs, TextWriter output)
{
    public async Task RunAsync()
    {
        string directory = Path.Combine(Path.GetTempPath(), "pnm-bench-html");
        if (Directory.Exists(directory))
            Directory.Delete(directory, recursive: true);
        Directory.CreateDirectory(directory);
        string recording = Path.Combine(directory, "trace.pnm"), other = Path.Combine(directory, "other.pnm");
        string html = Path.Combine(directory, "report.html"), diffHtml = Path.Combine(directory, "diff.html");
        try
        {
            output.WriteLine($"html benchmark: {events:N0} synthetic events, {AnalysisBenchmark.Processes} processes, over about an hour");
            DiffBenchmark.Write(recording, events, seed: 42);
            DiffBenchmark.Write(other, events, seed: 43);
            double json = double.MaxValue, page = double.MaxValue, silent = double.MaxValue, reported = double.MaxValue;
            double diffJson = double.MaxValue, diffPage = double.MaxValue;
            for (int run = 1; run <= runs; run++)
            {
                double jsonRun = await Timed(() => Pnm("report", recording, "--format", "json"));
                double pageRun = await Timed(() => Pnm("report", recording, "--format", "html", "-o", html, "--force"));
                double silentRun = await Timed(() => Pnm("report", recording, "--format", "csv"));
                double reportedRun;
                var listener = new CountingProgress();
                using (WorkProgress.Use(listener))
                    reportedRun = await Timed(() => Pnm("report", recording, "--format", "csv"));
                double diffJsonRun = await Timed(() => Pnm("diff", recording, other, "--format", "json"));
                double diffPageRun = await Timed(() => Pnm("diff", recording, other, "--format", "html", "-o", diffHtml, "--force"));
                output.WriteLine($"  run {run}: json {jsonRun:F2} s, html {pageRun:F2} s; csv {silentRun:F2} s, csv with progress {reportedRun:F2} s " +
                                 $"({listener.Reports:N0} progress reports); diff json {diffJsonRun:F2} s, diff html {diffPageRun:F2} s");
                (json, page) = (Math.Min(json, jsonRun), Math.Min(page, pageRun));
                (diffJson, diffPage) = (Math.Min(diffJson, diffJsonRun), Math.Min(diffPage, diffPageRun));
                (silent, reported) = (Math.Min(silent, silentRun), Math.Min(reported, reportedRun));
            }
            output.WriteLine($"html file: {new FileInfo(html).Length / 1048576.0:F2} MiB (target at most 2 MB)");
            output.WriteLine($"best: json {json:F2} s, html {page:F2} s: {page / json:F2}x (target at most 1.2x)");
            output.WriteLine($"diff: json {diffJson:F2} s, html {diffPage:F2} s: {diffPage / diffJson:F2}x (target at most 1.2x); " +
                             $"html file {new FileInfo(diffHtml).Length / 1048576.0:F2} MiB");
            output.WriteLine($"progress: {silent:F2} s without, {reported:F2} s with: {(reported / silent - 1) * 100:+0.0;-0.0}% (target under 2%)");
            WriteChildRuns(recording, html);
            await using var chromium = await HeadlessChromium.StartAsync();
            for (int run = 1; run <= runs; run++)
            {
                var load = await chromium.LoadAsync(html);
                output.WriteLine($"  run {run}: chromium loaded and drew the page in {load.LoadMilliseconds:F0} ms " +
                                 $"({load.Errors.Count} errors, {load.Requests.Count} request(s): the file)");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The published pnm, json then html, each run; the verdict is the median run's ratio and how many runs meet 1.2x.</summary>
    private void WriteChildRuns(string recording, string html)
    {
        output.WriteLine($"child processes run {PublishedPnm.Path}:");
        var ratios = new List<double>();
        for (int run = 1; run <= runs; run++)
        {
            double json = AnalysisBenchmark.Child("report", recording, "--format", "json").Seconds;
            double page = AnalysisBenchmark.Child("report", recording, "--format", "html", "-o", html, "--force").Seconds;
            ratios.Add(page / json);
            output.WriteLine($"  run {run}: child json {json:F2} s, child html {page:F2} s: {page / json:F2}x");
        }
        output.WriteLine($"child: html/json median {Medians.Of(ratios):F2}x, {ratios.Count(r => r <= 1.2)} of {ratios.Count} runs at most 1.2x (target at most 1.2x)");
    }

    private sealed class CountingProgress : IWorkProgress
    {
        public long Reports;

        public void AddWork(long amount) => Interlocked.Increment(ref Reports);

        public void Advance(long amount, long events) => Interlocked.Increment(ref Reports);
    }

    private static async Task<double> Timed(Func<Task> run)
    {
        GC.Collect();
        var clock = Stopwatch.StartNew();
        await run();
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task Pnm(params string[] args)
    {
        var error = new StringWriter();
        int code = await PnmCli.RunAsync(args, TextWriter.Null, error);
        if (code != 0)
            throw new InvalidOperationException($"pnm {string.Join(' ', args)} failed ({code}): {error}");
    }
}
