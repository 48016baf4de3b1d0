using System.CommandLine;
using ProcNetMon2.Schema.Segments;

namespace ProcNetMon2.Cli.Commands;

/// <summary>--rotate-size, --rotate-time, --retain-size, --retain-age: how a long segment recording stays bounded.</summary>
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

    public IEnumerable<Option> All => [rotateSize, rotateTime, retainSize, retainAge];

    public SegmentRotation From(ParseResult parse)
    {
        var rotation = new SegmentRotation
        {
            RotateBytes = parse.GetValue(rotateSize),
            RotateAfter = parse.GetValue(rotateTime),
            RetainBytes = parse.GetValue(retainSize),
            RetainAge = parse.GetValue(retainAge),
        };
        return rotation == new SegmentRotation() ? SegmentRotation.None : rotation;
    }
}
