using System.CommandLine;
using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Diff;
using ProcNetMon2.Analyze.Rendering;
using ProcNetMon2.Analyze.Rendering.Html;
using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Cli.Commands;

/// <summary>
/// pnm diff BASE [NEW]: what changed between two recordings (or two windows of one), with significance,
/// and --fail-if conditions that make it a CI gate (exit 3).
/// </summary>
public static class DiffCommand
{
    private const string RangeSeparator = "..";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var shared = new AnalysisCommandLine([.. ReportRenderers.FormatNames, HtmlReportRenderer.Format]);
        var baseArgument = new Argument<string>("base") { Description = "The recording(s) to compare against: a file, a .pnm recording, or a directory of recordings" };
        var newArgument = new Argument<string?>("new")
        {
            Description = "The recording(s) to compare: as BASE; left out, BASE is compared with itself in --base-window and --new-window",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var baseWindow = WindowOption("--base-window", "BASE");
        var newWindow = WindowOption("--new-window", "NEW");
        var totals = new Option<bool>("--totals") { Description = "Compare window totals instead of rates (bytes/s, per second) over each side's window" };
        var metrics = new Option<string[]>("--metrics", "-m")
        {
            Description = "Metrics to show (comma separated or repeated; 'all' for every one); default avg_rate,p95_rate (total_bytes,p95_rate with --totals)",
        };
        var interval = IntervalOption.Create("--interval", "Interval of the per-interval rates: percentiles, peaks and the rank test (default 1s)");
        var alpha = new Option<double>("--alpha")
        {
            Description = "A rate change is significant when the rank test's p-value is below this (default 0.05)",
            DefaultValueFactory = _ => DiffOptions.DefaultAlpha,
        };
        alpha.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is <= 0 or >= 1)
                r.AddError("--alpha takes a probability between 0 and 1, e.g. 0.05");
        });
        var failIf = new Option<string[]>("--fail-if")
        {
            Description = $"Exit with 3 when this holds (repeatable): {FailCondition.Syntax}",
        };
        failIf.Validators.Add(r =>
        {
            foreach (string text in r.GetValueOrDefault<string[]>() ?? [])
            {
                try
                {
                    FailCondition.Parse(text);
                }
                catch (FormatException e)
                {
                    r.AddError(e.Message);
                }
            }
        });
        var command = new Command("diff", "What changed between two recordings, or two windows of one: per group (default --group-by comm) base, new, delta, significance")
        {
            baseArgument, newArgument,
        };
        shared.AddTo(command, withRecordings: false);
        shared.AddOutputFile(command);
        foreach (Option option in new Option[] { baseWindow, newWindow, totals, metrics, interval, alpha, failIf })
            command.Options.Add(option);
        command.SetAction(parse => AnalysisCommandLine.OneLineFailures(error, () =>
        {
            if (shared.Format(parse) == HtmlReportRenderer.Format && !shared.HasOutputFile(parse))
                throw new UsageException("--format html writes a file: give it with -o FILE.html");
            var options = shared.OptionsFrom(parse);
            var conditions = (parse.GetValue(failIf) ?? []).Select(FailCondition.Parse).ToList();
            var args = new DiffArgs(
                parse.GetValue(baseArgument)!, parse.GetValue(newArgument),
                Window(parse.GetValue(baseWindow), options, shared, parse), Window(parse.GetValue(newWindow), options, shared, parse),
                new DiffOptions
                {
                    GroupBy = options.GroupBy ?? DiffOptions.DefaultGroupBy,
                    Filter = options.Filter,
                    Interval = parse.GetValue(interval) ?? TrafficReport.DefaultInterval,
                    Totals = parse.GetValue(totals),
                    Metrics = parse.GetValue(metrics) is { Length: > 0 } names
                        ? names.SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList()
                        : null,
                    Alpha = parse.GetValue(alpha),
                    AlsoTested = conditions.Select(c => c.MetricName).OfType<string>().ToList(),
                },
                conditions, shared.ShapingFrom(parse), shared.Format(parse), shared.Zone(parse),
                Windowed: parse.GetValue(baseWindow) is not null && parse.GetValue(newWindow) is not null);
            using var target = shared.OpenOutput(parse, args.Base);
            return Run(args, target, output, error);
        }));
        return command;
    }

    /// <summary>A window's bounds; null when the side has no window of its own.</summary>
    private sealed record SideWindow(TimeBound? Since, TimeBound? Until);

    private sealed record DiffArgs(string Base, string? New, SideWindow BaseWindow, SideWindow NewWindow, DiffOptions Options,
        IReadOnlyList<FailCondition> Conditions, ResultShaping Shaping, string Format, TimeZoneInfo Zone, bool Windowed);

    private static int Run(DiffArgs args, OutputTarget target, TextWriter output, TextWriter error)
    {
        if (args.New is null && !args.Windowed)
            throw new UsageException("diff: give NEW, or --base-window and --new-window to compare two windows of BASE");
        using var before = RecordingSet.Open([args.Base], args.Options.Filter.Hosts);
        using var after = args.New is null ? null : RecordingSet.Open([args.New], args.Options.Filter.Hosts);
        var baseSide = new DiffSideInput(before, args.BaseWindow.Since, args.BaseWindow.Until);
        var newSide = new DiffSideInput(after ?? before, args.NewWindow.Since, args.NewWindow.Until);
        DiffResult diff;
        DiffPage? page = null;
        List<(string Text, string? Line)> tripped;
        using (TerminalProgress.For(error, "diff"))
        {
            diff = RecordingDiff.Build(baseSide, newSide, args.Options, withTimelines: args.Format == HtmlReportRenderer.Format);
            // Conditions are checked before anything is printed: a bad metric name is a usage error, not half an output.
            tripped = args.Conditions.Select(c => (c.Text, Line: c.Check(diff))).Where(c => c.Line is not null).ToList();
            if (args.Format == HtmlReportRenderer.Format)
                page = DiffPage.Build(DiffReport.Of(diff).Shaped(args.Shaping));
        }
        bool terminal = !target.IsFile && ConsoleTerminal.IsOutput(output);
        if (page is not null)
            target.WriteBytes(output, stream => new HtmlDiffRenderer(args.Zone).Render(page, stream));
        else
            target.Write(output, writer => DiffRenderers.Create(args.Format, args.Zone, colours: terminal).Render(DiffReport.Of(diff).Shaped(args.Shaping), writer));
        if (args.Format == ReportRenderers.Csv)
            foreach (string warning in diff.Warnings)
                error.WriteLine($"pnm: warning: {warning}");
        AnalysisCommandLine.WriteWarnings(before, error);
        if (after is not null)
            AnalysisCommandLine.WriteWarnings(after, error);
        foreach (var (text, line) in tripped)
            error.WriteLine($"pnm: fail-if '{text}': {line}");
        return (int)(tripped.Count > 0 ? ReturnCode.ConditionTripped : ReturnCode.Success);
    }

    /// <summary>A side's window: its own --base-window/--new-window, else --since/--until.</summary>
    private static SideWindow Window(string? range, ReportOptions options, AnalysisCommandLine shared, ParseResult parse)
    {
        if (range is null)
            return new SideWindow(options.Since, options.Until);
        var (from, to) = SplitRange(range)!.Value;
        return new SideWindow(shared.BoundFrom(parse, from), shared.BoundFrom(parse, to));
    }

    private static Option<string?> WindowOption(string name, string side)
    {
        var option = new Option<string?>(name)
        {
            Description = $"{side}'s window, START..END: each a time, +D from {side}'s start or -D from its end, either left out for the start or end",
        };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && SplitRange(text) is null)
                r.AddError($"{name}: '{text}' is not START..END (e.g. '2026-11-26 13:00..2026-11-26 14:00', ..+1h, -1h..)");
        });
        return option;
    }

    /// <summary>The two bounds of START..END (null where left out), or null when the text is not a range.</summary>
    private static (string? From, string? To)? SplitRange(string text)
    {
        int separator = text.IndexOf(RangeSeparator, StringComparison.Ordinal);
        if (separator < 0)
            return null;
        string from = text[..separator].Trim(), to = text[(separator + RangeSeparator.Length)..].Trim();
        bool valid = (from.Length == 0 || AnalysisCommandLine.IsBound(from)) && (to.Length == 0 || AnalysisCommandLine.IsBound(to));
        return valid ? (from.Length == 0 ? null : from, to.Length == 0 ? null : to) : null;
    }
}
