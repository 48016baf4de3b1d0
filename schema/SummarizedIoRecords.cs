namespace ProcNetMon2.Schema;

/// <summary>
/// Send or receive calls the kernel summed instead of handing them over one by one (its ring buffer
/// had no room): one thread's calls on one socket in one direction, between the first and the last
/// call's timestamps (at most about a second apart). The bytes are exact; only the timing inside
/// the window is lost. Readers place them at <see cref="WindowStartNs"/>.
/// </summary>
public sealed record SummarizedIoRecord
{
    public required long WindowStartNs { get; init; }
    public required long WindowEndNs { get; init; }
    public required long ProcessId { get; init; }
    public required int Tid { get; init; }
    public required long SocketId { get; init; }
    public required Direction Direction { get; init; }
    public required long Bytes { get; init; }
    public required long Calls { get; init; }

    /// <summary>As a plain event at the window's start, for code that adds up bytes per event.</summary>
    public IoEvent AsEvent() => new(WindowStartNs, ProcessId, Tid, SocketId, Direction, Bytes);
}
