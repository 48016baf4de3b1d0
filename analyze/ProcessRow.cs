namespace ProcNetMon2.Analyze;

/// <summary>
/// One process (one pid running one program image) and its traffic. Averages are over the whole
/// recording span; peaks are the most bytes in any one-second window aligned to the recording start.
/// </summary>
public sealed record ProcessRow
{
    public required long ProcessId { get; init; }
    /// <summary>Null when the recording has events for a process it holds no details of.</summary>
    public required int? Pid { get; init; }
    public required string Name { get; init; }
    public required long TxBytes { get; init; }
    public required long RxBytes { get; init; }
    public required double AvgTxBytesPerSec { get; init; }
    public required double AvgRxBytesPerSec { get; init; }
    public required long PeakTxBytesPerSec { get; init; }
    public required long PeakRxBytesPerSec { get; init; }
    /// <summary>Distinct sockets the process sent or received on.</summary>
    public required int Sockets { get; init; }

    public long TotalBytes => TxBytes + RxBytes;
}
