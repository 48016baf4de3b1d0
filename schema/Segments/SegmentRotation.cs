namespace ProcNetMon2.Schema.Segments;

/// <summary>When a segment recording starts a new segment, and which old ones it deletes.</summary>
public sealed record SegmentRotation
{
    public static readonly SegmentRotation None = new();

    /// <summary>Start a new segment once the current one holds this many bytes.</summary>
    public long? RotateBytes { get; init; }
    /// <summary>Start a new segment once the current one is this old.</summary>
    public TimeSpan? RotateAfter { get; init; }
    /// <summary>Delete the oldest segments while all of them together hold more than this.</summary>
    public long? RetainBytes { get; init; }
    /// <summary>Delete segments closed longer ago than this.</summary>
    public TimeSpan? RetainAge { get; init; }
    /// <summary>
    /// Retention also covers the earlier segment recordings in the same directory (a service starts a
    /// new recording at each start): their segments count towards <see cref="RetainBytes"/>, go first,
    /// and a recording left with none is removed.
    /// </summary>
    public bool RetainEarlier { get; init; }
}
