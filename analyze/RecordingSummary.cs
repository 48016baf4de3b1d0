namespace ProcNetMon2.Analyze;

/// <summary>What was recorded, where and when; the span is the one all rates are computed over.</summary>
public sealed record RecordingSummary
{
    public required string Path { get; init; }
    public required string Host { get; init; }
    public required string KernelRelease { get; init; }
    public required string Backend { get; init; }
    public required string PnmVersion { get; init; }
    public required DateTimeOffset SpanStart { get; init; }
    public required DateTimeOffset SpanEnd { get; init; }
    public required double DurationSeconds { get; init; }
    public required long EventCount { get; init; }
    /// <summary>Events the kernel dropped; when non-zero every total is a lower bound.</summary>
    public required long LostEvents { get; init; }
    /// <summary>The one-second windows in which events were lost, oldest first.</summary>
    public IReadOnlyList<LossWindow> LossWindows { get; init; } = [];
    /// <summary>False when the recorder never wrote a stop time (it crashed or was killed).</summary>
    public required bool Complete { get; init; }
    /// <summary>Capture filters as given on the command line; empty when none.</summary>
    public required string Filters { get; init; }
}

/// <summary>Events lost (on all CPUs) in the second starting at Start.</summary>
public sealed record LossWindow(DateTimeOffset Start, long Lost);
