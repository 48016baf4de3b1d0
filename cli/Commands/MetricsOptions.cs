using System.CommandLine;
using System.Net;
using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Live;

namespace ProcNetMon2.Cli.Commands;

/// <summary>What pnm record and pnm top serve at /metrics: where, per which groups, and how many groups get their own series.</summary>
public sealed record MetricsArgs(IPEndPoint Address, IReadOnlyList<GroupField> GroupBy, int TopGroups)
{
    public LiveMetrics CreateMetrics() => new(new LiveGroups(GroupBy), TopGroups);
}

/// <summary>--metrics-listen, --metrics-group-by, --metrics-top.</summary>
internal sealed class MetricsOptions
{
    public const int DefaultTopGroups = 20;

    private readonly Option<IPEndPoint?> listen = new("--metrics-listen")
    {
        Description = "Serve OpenMetrics at http://ADDR:PORT/metrics while capturing (PORT alone: 127.0.0.1; anything but loopback lets that network read which processes talk to whom)",
        CustomParser = result =>
        {
            string text = result.Tokens.Single().Value;
            if (int.TryParse(text.TrimStart(':'), out int port) && port is > 0 and <= 65535)
                return new IPEndPoint(IPAddress.Loopback, port);
            if (IPEndPoint.TryParse(text, out var address) && address.Port > 0)
                return address;
            result.AddError($"--metrics-listen takes ADDR:PORT or PORT, e.g. 127.0.0.1:9464; not '{text}'");
            return null;
        },
    };
    private readonly Option<string> groupBy = new("--metrics-group-by")
    {
        Description = $"Label the per-group series by these fields (comma separated) of {GroupByNames.List}",
        DefaultValueFactory = _ => "comm",
    };
    private readonly Option<int> top = new("--metrics-top")
    {
        Description = "Groups that get series of their own (the first to be busiest; the rest add up in one other=\"true\" series)",
        DefaultValueFactory = _ => DefaultTopGroups,
    };

    public MetricsOptions()
    {
        groupBy.Validators.Add(r => GroupByNames.Check(r, Split(r.GetValueOrDefault<string>())));
        top.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 10_000)
                r.AddError("--metrics-top takes a number from 1 to 10000");
        });
    }

    public IEnumerable<Option> All => [listen, groupBy, top];

    /// <summary>Null when no endpoint is asked for.</summary>
    public MetricsArgs? From(ParseResult parse) => parse.GetValue(listen) is { } address
        ? new MetricsArgs(address, Split(parse.GetValue(groupBy)).Select(f => GroupFields.ByName[f]).ToList(), parse.GetValue(top))
        : null;

    public static IEnumerable<string> Split(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
