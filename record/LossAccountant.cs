using System.Diagnostics;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Record;

/// <summary>
/// Once a flush: the kernel's running count of dropped events becomes per-second, per-CPU loss
/// records, and the recorder's own cost (CPU, memory, ring fill, filtered and summarized calls) and the
/// packets the kernel's full flow map could not count a stats record.
/// </summary>
internal sealed class LossAccountant(CaptureObject capture, IRecordingSink sink)
{
    private ulong[] reported = new ulong[capture.LostEventsPerCpu.Length];
    private long windowStartNs = Clock.MonotonicNs;
    private TimeSpan cpuAtWindowStart = Process.GetCurrentProcess().TotalProcessorTime;
    private ulong submittedAtWindowStart = capture.SubmittedEvents, filteredAtWindowStart = capture.FilteredEvents,
        flowUpdatesLostAtWindowStart = capture.LostFlowUpdates;
    // From the load on, as every summarized call reaches summarized_io: calls summed before this accountant
    // existed (the ring fills at once while nothing reads it yet) count in its first window.
    private ulong summarizedAtWindowStart;

    public long Total => (long)reported.Aggregate(0UL, (a, b) => a + b);

    public void Account(long nowNs)
    {
        ulong[] lost = capture.LostEventsPerCpu;
        for (int cpu = 0; cpu < lost.Length; cpu++)
            if (lost[cpu] > reported[cpu])
                sink.AddLoss(new LossRecord(windowStartNs, (long)(lost[cpu] - reported[cpu]), cpu));
        reported = lost;

        var cpuTime = Process.GetCurrentProcess().TotalProcessorTime;
        ulong submitted = capture.SubmittedEvents, filtered = capture.FilteredEvents, flowUpdatesLost = capture.LostFlowUpdates,
            summarized = capture.SummarizedCalls;
        sink.AddRecorderStats(new RecorderStatsRecord
        {
            WindowStartNs = windowStartNs,
            WindowEndNs = nowNs,
            CpuSeconds = (cpuTime - cpuAtWindowStart).TotalSeconds,
            RssBytes = Environment.WorkingSet,
            RingFillPeakBytes = (long)capture.TakeRingFillPeak(),
            EventsSubmitted = (long)(submitted - submittedAtWindowStart),
            EventsFiltered = (long)(filtered - filteredAtWindowStart),
            FlowUpdatesLost = (long)(flowUpdatesLost - flowUpdatesLostAtWindowStart),
            CallsSummarized = (long)(summarized - summarizedAtWindowStart),
        });
        (cpuAtWindowStart, submittedAtWindowStart, filteredAtWindowStart, flowUpdatesLostAtWindowStart, summarizedAtWindowStart) =
            (cpuTime, submitted, filtered, flowUpdatesLost, summarized);
        windowStartNs = nowNs;
    }
}
