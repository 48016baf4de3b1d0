using ProcNetMon2.Schema.Segments;
using ProcNetMon2.Schema.Sqlite;

namespace ProcNetMon2.Schema;

/// <summary>What checking a whole recording found.</summary>
public sealed record RecordingCheckResult
{
    public required string Format { get; init; }
    public required RecordingInfo Info { get; init; }
    /// <summary>Segment recordings only; 0 for SQLite.</summary>
    public int Segments { get; init; }
    /// <summary>Event blocks found (segment recordings only); damaged ones included.</summary>
    public int Blocks { get; init; }
    public required long Events { get; init; }
    /// <summary>Calls the kernel summarized instead of handing them over one by one (exact bytes, coarser timing).</summary>
    public long SummarizedCalls { get; init; }
    public long? FirstEventNs { get; init; }
    public long? LastEventNs { get; init; }
    /// <summary>Damaged or skipped parts, one line each; empty when the recording is intact.</summary>
    public required IReadOnlyList<string> Problems { get; init; }
    public bool Clean => Problems.Count == 0;
}

/// <summary>Reads every byte of a recording that carries data and verifies it: checksums, framing, decoding.</summary>
public static class RecordingCheck
{
    /// <exception cref="RecordingException">The recording cannot be opened at all.</exception>
    public static RecordingCheckResult Run(string path)
    {
        using var source = RecordingFile.Open(path);
        var problems = source is SqliteRecordingReader sqlite ? sqlite.CheckIntegrity() : [];
        source.ReadProcesses();
        source.ReadSockets();
        source.ReadLosses();
        source.ReadTcpIncidents();
        long summarizedCalls = source.ReadSummarizedIo().Sum(s => s.Calls);
        long events = 0;
        long? first = null, last = null;
        foreach (var e in source.ReadEvents())
        {
            events++;
            first ??= e.TimestampNs;
            last = e.TimestampNs;
        }
        var segments = source as SegmentRecordingReader;
        return new RecordingCheckResult
        {
            Format = segments is null ? "SQLite" : "segments",
            Info = source.Info,
            Segments = segments?.SegmentCount ?? 0,
            Blocks = segments?.BlockCount ?? 0,
            Events = events,
            SummarizedCalls = summarizedCalls,
            FirstEventNs = first,
            LastEventNs = last,
            Problems = [.. problems, .. source.Warnings],
        };
    }
}
