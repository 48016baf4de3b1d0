namespace ProcNetMon2.Record;

/// <summary>How a running recording is doing, told once a second after each flush.</summary>
/// <param name="Events">Events written so far.</param>
/// <param name="LostEvents">Events the kernel dropped so far (its ring was full).</param>
public sealed record RecordingStatus(TimeSpan Elapsed, long Events, long LostEvents);
