using System.CommandLine;
using System.Net;
using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Rendering;
using ProcNetMon2.Analyze.Reports;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Cli.Commands;

/// <summary>The arguments and options every analysis command shares, and how a command runs with them.</summary>
public sealed class AnalysisCommandLine
{
    private readonly Argument<string[]> recordings = new("recording")
    {
        Description = "Recordings made by pnm record: files, .pnm recordings, or directories holding several",
        Arity = ArgumentArity.OneOrMore,
    };
    private readonly Option<string[]> groupBy = new("--group-by", "-g")
    {
        Description = $"Group by one or more of {GroupByNames.List} (comma separated or repeated)",
    };
    private readonly Option<int[]> pids = new("--pid", "-p") { Description = "Only these process ids (repeatable)" };
    private readonly Option<string[]> comms = new("--comm", "-c") { Description = "Only processes with this name (repeatable)" };
    private readonly Option<string[]> users = new("--user", "-u") { Description = "Only processes of this user name or uid (repeatable)" };
    private readonly Option<string[]> containers = new("--container") { Description = "Only processes of this container id or id prefix (repeatable)" };
    private readonly Option<string[]> protos = new("--proto") { Description = "Only tcp or udp sockets (repeatable)" };
    private readonly Option<string[]> apps = new("--app") { Description = "Only sockets with this application protocol, e.g. http, tls, dns (repeatable)" };
    private readonly Option<int[]> ports = new("--port") { Description = "Only sockets with this port at either end (repeatable)" };
    private readonly Option<string[]> remotes = new("--remote") { Description = "Only sockets whose remote address is in this CIDR block or is this address (repeatable)" };
    private readonly Option<string[]> ifaces = new("--iface", "-i") { Description = "Only sockets whose packets went mostly over this interface (repeatable)" };
    private readonly Option<string[]> hosts = new("--host") { Description = "Only recordings made on this host (the host name each recording holds; repeatable)" };
    private readonly Option<string?> since = new("--since") { Description = "Window start: a time (2026-11-26T10:00, local with --local), +30s from the start, or -5m from the end" };
    private readonly Option<string?> until = new("--until") { Description = "Window end: a time, +30s from the start, or -5m from the end" };
    private readonly Option<int?> top = new("--top", "-n") { Description = "Show only the first N rows" };
    private readonly Option<string?> sort = new("--sort") { Description = "Sort by this column (COLUMN, COLUMN:asc or COLUMN:desc)" };
    private readonly Option<string?> columns = new("--columns") { Description = "Show only these columns, in this order (comma separated)" };
    private readonly Option<string> format = new("--format", "-f") { Description = "Output format", DefaultValueFactory = _ => ReportRenderers.Table };
    private readonly Option<bool> local = new("--local") { Description = "Show times in the local time zone (default UTC), and read --since/--until in it" };
    private readonly Option<string?> outputFile = new("--output", "-o") { Description = "Write to this file instead of standard output (--format html needs one)" };
    private readonly Option<bool> force = OutputOptions.Force();
    private bool writesFiles;

    /// <param name="formats">The formats the command offers: the table, json and csv unless it names others.</param>
    public AnalysisCommandLine(IReadOnlyList<string>? formats = null)
    {
        format.AcceptOnlyFromAmong([.. formats ?? ReportRenderers.FormatNames]);
        groupBy.Validators.Add(r => GroupByNames.Check(r, Split(r.GetValueOrDefault<string[]>())));
        pids.TakesPositivePids();
        ports.TakesPorts();
        protos.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string[]>()?.Any(p => p is not ("tcp" or "udp")) == true)
                r.AddError("--proto takes tcp or udp");
        });
        remotes.Validators.Add(r =>
        {
            foreach (string remote in r.GetValueOrDefault<string[]>() ?? [])
                if (ParseNetwork(remote) is null)
                    r.AddError($"--remote: '{remote}' is neither an address nor a CIDR block (e.g. 10.0.0.0/8, 2001:db8::/32)");
        });
        top.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is <= 0)
                r.AddError("--top takes a positive number");
        });
        foreach (var bound in new[] { since, until })
            bound.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<string?>() is { } text && !IsBound(text))
                    r.AddError($"{r.Option.Name}: '{text}' is not a time: use e.g. 2026-11-26T10:00:00Z, 2026-11-26 10:00, +30s or -5m");
            });
        sort.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && ParseSort(text) is null)
                r.AddError($"--sort: '{text}' is not COLUMN, COLUMN:asc or COLUMN:desc");
        });
    }

    /// <summary>
    /// Adds the shared arguments and options; <paramref name="withTop"/> is false for commands whose --top means something else,
    /// <paramref name="withRecordings"/> for commands that name their recordings otherwise.
    /// </summary>
    public void AddTo(Command command, bool withTop = true, bool withRecordings = true)
    {
        if (withRecordings)
            command.Arguments.Add(recordings);
        foreach (Option option in new Option[] { groupBy, pids, comms, users, containers, protos, apps, ports, remotes, ifaces, hosts, since, until, sort, columns, format, local })
            command.Options.Add(option);
        if (withTop)
            command.Options.Add(top);
    }

    public Option<int?> Top => top;

    /// <summary>Adds -o/--output and --force: the output goes to a file, written whole or not at all (schema's OutputFile).</summary>
    public void AddOutputFile(Command command)
    {
        command.Options.Add(outputFile);
        command.Options.Add(force);
        writesFiles = true;
    }

    /// <summary>Opens the recordings, builds the command's answer, shapes and renders it; every failure is one line.</summary>
    /// <param name="bars">A column of bars the table gets when it is printed to a terminal.</param>
    /// <param name="picture">A table drawn from the answer's (e.g. sparklines), printed after it when it is printed to a terminal.</param>
    public int Run(ParseResult parse, Func<RecordingSet, ReportOptions, AnalysisReport> build, TextWriter output, TextWriter error, bool shapeTop = true,
        TerminalBarColumn? bars = null, Func<ResultTable, ResultTable?>? picture = null)
    {
        var zone = Zone(parse);
        return Run(parse, (set, options) =>
        {
            var report = build(set, options);
            return writer =>
            {
                // Before shaping: a share is of every group, not only of those --top shows.
                bool terminal = Format(parse) == ReportRenderers.Table && ConsoleTerminal.IsOutput(writer);
                var table = bars is not null && terminal ? bars.AddTo(report.Table) : report.Table;
                ReportRenderers.Create(Format(parse), zone).Render(report with { Table = ShapingFrom(parse, shapeTop).Apply(table) }, writer);
                if (terminal && picture?.Invoke(report.Table) is { Rows.Count: > 0 } drawn)
                {
                    writer.WriteLine();
                    new TableReportRenderer(zone).Render(drawn, writer);
                }
            };
        }, output, error);
    }

    /// <summary>
    /// Opens the recordings and lets <paramref name="analyse"/> do the work (with a progress bar on a terminal's stderr
    /// when it takes a while), then writes what it returns, to -o's file when the command has one and it was given,
    /// else to <paramref name="output"/>; every failure is one line.
    /// </summary>
    public int Run(ParseResult parse, Func<RecordingSet, ReportOptions, Action<TextWriter>> analyse, TextWriter output, TextWriter error) =>
        Analyse(parse, (set, options) =>
        {
            var write = analyse(set, options);
            return target => target.Write(output, write);
        }, error);

    /// <summary>The same for an answer written as UTF-8 bytes (an HTML page: its large parts are copied as they are).</summary>
    public int RunBytes(ParseResult parse, Func<RecordingSet, ReportOptions, Action<Stream>> analyse, TextWriter output, TextWriter error) =>
        Analyse(parse, (set, options) =>
        {
            var write = analyse(set, options);
            return target => target.WriteBytes(output, write);
        }, error);

    private int Analyse(ParseResult parse, Func<RecordingSet, ReportOptions, Action<OutputTarget>> analyse, TextWriter error)
    {
        return OneLineFailures(error, () =>
        {
            string[] inputs = parse.GetValue(recordings)!;
            using var target = OpenOutput(parse, inputs[0]);
            var options = OptionsFrom(parse);
            using var set = RecordingSet.Open(inputs, options.Filter.Hosts);
            Action<OutputTarget> write;
            using (TerminalProgress.For(error, parse.CommandResult.Command.Name))
                write = analyse(set, options);
            write(target);
            WriteWarnings(set, error);
            return (int)ReturnCode.Success;
        });
    }

    /// <summary>Whether -o names a file (only for a command that has it).</summary>
    public bool HasOutputFile(ParseResult parse) => writesFiles && parse.GetValue(outputFile) is not null;

    /// <summary>-o's file when the command has one and it was given, else standard output.</summary>
    /// <exception cref="OutputFileException">The file is refused.</exception>
    public OutputTarget OpenOutput(ParseResult parse, string input) =>
        OutputTarget.Open(writesFiles ? parse.GetValue(outputFile) : null, parse.GetValue(force), input);

    /// <summary>
    /// Runs an analysis; an unreadable recording or a refused output (exit 1) or a bad option value (exit 2) is one line
    /// on <paramref name="error"/>.
    /// </summary>
    public static int OneLineFailures(TextWriter error, Func<int> run)
    {
        try
        {
            return run();
        }
        catch (Exception e) when (e is RecordingException or OutputFileException)
        {
            error.WriteLine($"pnm: {e.Message}");
            return (int)ReturnCode.Failed;
        }
        catch (UsageException e)
        {
            error.WriteLine($"pnm: {e.Message}");
            return (int)ReturnCode.BadUsage;
        }
    }

    /// <summary>Damage stepped over while reading, one line each.</summary>
    public static void WriteWarnings(RecordingSet set, TextWriter error)
    {
        foreach (string warning in set.Warnings)
            error.WriteLine($"pnm: warning: {warning}");
    }

    /// <summary>The zone times are shown and read in.</summary>
    public TimeZoneInfo Zone(ParseResult parse) => parse.GetValue(local) ? TimeZoneInfo.Local : TimeZoneInfo.Utc;

    public string Format(ParseResult parse) => parse.GetValue(format)!;

    /// <summary>--sort, --top (unless the command's --top means something else) and --columns.</summary>
    public ResultShaping ShapingFrom(ParseResult parse, bool withTop = true)
    {
        var (sortColumn, descending) = parse.GetValue(sort) is { } text ? ParseSort(text)!.Value : (null, (bool?)null);
        return new ResultShaping(sortColumn, descending, withTop ? parse.GetValue(top) : null,
            parse.GetValue(columns) is { } list ? Split([list]).ToList() : null);
    }

    /// <summary>A time bound in the zone of <paramref name="parse"/>'s --local; null for none.</summary>
    public TimeBound? BoundFrom(ParseResult parse, string? text) => Bound(text, Zone(parse));

    /// <summary>Whether a --since/--until style time bound parses.</summary>
    public static bool IsBound(string text) => TimeBound.TryParse(text, TimeZoneInfo.Utc, ParseDuration, out _);

    public ReportOptions OptionsFrom(ParseResult parse) => new()
    {
        GroupBy = parse.GetValue(groupBy) is { Length: > 0 } fields ? Split(fields).Select(f => GroupFields.ByName[f]).ToList() : null,
        Filter = new TrafficFilter
        {
            Pids = parse.GetValue(pids) ?? [],
            Comms = parse.GetValue(comms) ?? [],
            Users = parse.GetValue(users) ?? [],
            Containers = parse.GetValue(containers) ?? [],
            Protos = parse.GetValue(protos) ?? [],
            Apps = parse.GetValue(apps) ?? [],
            Ports = parse.GetValue(ports) ?? [],
            Remotes = (parse.GetValue(remotes) ?? []).Select(r => ParseNetwork(r)!.Value).ToList(),
            Ifaces = parse.GetValue(ifaces) ?? [],
            Hosts = Split(parse.GetValue(hosts)).ToList(),
        },
        Since = Bound(parse.GetValue(since), Zone(parse)),
        Until = Bound(parse.GetValue(until), Zone(parse)),
    };

    private static TimeBound? Bound(string? text, TimeZoneInfo zone) =>
        text is not null && TimeBound.TryParse(text, zone, ParseDuration, out var bound) ? bound : null;

    private static TimeSpan? ParseDuration(string text) => ValueParsers.TryDuration(text, out var span) ? span : null;

    private static IEnumerable<string> Split(IEnumerable<string>? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static IPNetwork? ParseNetwork(string text) =>
        IPNetwork.TryParse(text, out var network) ? network
        : IPAddress.TryParse(text, out var address) ? new IPNetwork(address, address.GetAddressBytes().Length * 8)
        : null;

    private static (string Column, bool? Descending)? ParseSort(string text)
    {
        string[] parts = text.Split(':');
        return parts switch
        {
            [var column] when column.Length > 0 => (column, null),
            [var column, "asc"] when column.Length > 0 => (column, false),
            [var column, "desc"] when column.Length > 0 => (column, true),
            _ => null,
        };
    }
}
