namespace ProcNetMon2.Analyze;

/// <summary>Bytes in one direction for one process: the total and the busiest one-second window.</summary>
internal sealed class DirectionTraffic
{
    private long currentWindow = long.MinValue;
    private long currentWindowBytes;

    public long TotalBytes { get; private set; }
    public long PeakWindowBytes { get; private set; }

    /// <remarks>Windows must arrive in non-decreasing order, which events in timestamp order give.</remarks>
    public void Add(long window, long bytes)
    {
        if (window != currentWindow)
        {
            currentWindow = window;
            currentWindowBytes = 0;
        }
        currentWindowBytes += bytes;
        TotalBytes += bytes;
        PeakWindowBytes = Math.Max(PeakWindowBytes, currentWindowBytes);
    }
}
