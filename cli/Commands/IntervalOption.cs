using System.CommandLine;

namespace ProcNetMon2.Cli.Commands;

/// <summary>A duration option bounded to what bins can sensibly be: from a millisecond to a day.</summary>
public static class IntervalOption
{
    public static Option<TimeSpan?> Create(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            if (ValueParsers.Duration(result) is not { } span)
                return null;
            if (span >= TimeSpan.FromMilliseconds(1) && span <= TimeSpan.FromDays(1))
                return span;
            result.AddError($"{name} takes a duration from 1ms to 24h, e.g. 100ms, 1s, 5m, 1h");
            return null;
        },
    };
}
