using ProcNetMon2.Schema;

namespace ProcNetMon2.Record;

/// <summary>Turns the kernel's running count of dropped events into per-second loss records.</summary>
internal sealed class LossAccountant(CaptureObject capture, IRecordingSink sink)
{
    private ulong reported;
    private long windowStartNs = Clock.MonotonicNs;

    public long Total => (long)reported;

    public void Account(long nowNs)
    {
        ulong lost = capture.LostEvents;
        if (lost > reported)
            sink.AddLoss(new LossRecord(windowStartNs, (long)(lost - reported)));
        reported = lost;
        windowStartNs = nowNs;
    }
}
