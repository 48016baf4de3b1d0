using System.CommandLine;
using ProcNetMon2.Schema.Segments;

namespace ProcNetMon2.Cli.Commands;

/// <summary>--rotate-size, --rotate-time, --retain-size, --retain-age, --retain-earlier: how a long segment recording stays bounded.</summary>
internal sealed class SegmentRotationOptions
{
    private readonly Option<long?> rotateSize = new("--rotate-size")
    {
        Description = "Start a new segment when the current one reaches this size (e.g. 100M; .pnm only)",
        CustomParser = ValueParsers.ByteSize,
    };
    private readonly Option<TimeSpan?> rotateTime = new("--rotate-time")
    {
        Description = "Start a new segment when the current one is this old (e.g. 1h; .pnm only)",
        CustomParser = ValueParsers.Duration,
    };
    private readonly Option<long?> retainSize = new("--retain-size")
    {
        Description = "Delete the oldest segments while the recording is larger than this (e.g. 10G; .pnm only)",
        CustomParser = ValueParsers.ByteSize,
    };
    private readonly Option<TimeSpan?> retainAge = new("--retain-age")
    {
        Description = "Delete segments finished longer ago than this (e.g. 7d as 168h; .pnm only)",
        CustomParser = ValueParsers.Duration,
    };

    private readonly Option<bool> retainEarlier = new("--retain-earlier")
    {
        Description = "Retention also deletes the oldest segments of the earlier recordings in the output's directory, "
            + "and a recording left with none (for a service that starts a new recording each time; .pnm only)",
    };

    public SegmentRotationOptions()
    {
        retainEarlier.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<bool>() && r.GetValue(retainSize) is null && r.GetValue(retainAge) is null)
                r.AddError("--retain-earlier needs --retain-size or --retain-age");
        });
    }

    public IEnumerable<Option> All => [rotateSize, rotateTime, retainSize, retainAge, retainEarlier];

    public SegmentRotation From(ParseResult parse)
    {
        var rotation = new SegmentRotation
        {
            RotateBytes = parse.GetValue(rotateSize),
            RotateAfter = parse.GetValue(rotateTime),
            RetainBytes = parse.GetValue(retainSize),
            RetainAge = parse.GetValue(retainAge),
            RetainEarlier = parse.GetValue(retainEarlier),
        };
        return rotation == new SegmentRotation() ? SegmentRotation.None : rotation;
    }
}
