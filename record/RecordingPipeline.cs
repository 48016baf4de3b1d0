using System.Diagnostics;
using System.Runtime.ExceptionServices;
using ProcNetMon2.Bpf;

namespace ProcNetMon2.Record;

/// <summary>
/// The recorder's two threads. "pnm-drain" only copies records out of the ring into pooled batches
/// (<see cref="RingBatcher"/>), so reading the ring never waits on assembling, encoding, SQLite or the
/// disk, only on a full queue. "pnm-write" hands each record to the assembler in ring order and does
/// the once-a-second work, so the sink is still used by one thread. A writer failure stops both and is
/// rethrown, as it was raised, by <see cref="Finish"/>. A drain failure (the ring cannot be read) stops
/// the drain only: the writer still writes every record read before it, and <see cref="DrainFailure"/>
/// says what happened, so the recording keeps what was captured.
/// </summary>
internal sealed class RecordingPipeline : IDisposable
{
    public const int BatchBytes = 256 * 1024;
    /// <summary>How far the writer may fall behind before draining pauses: ~2.5M records of ~100 bytes.</summary>
    public const long QueueBytes = 256L * 1024 * 1024;
    private const int PollTimeoutMs = 10;
    /// <summary>Pooled batches kept once the writer has caught up: what a second of ordinary traffic needs.</summary>
    private const int SpareBatches = 4;
    /// <summary>8 MiB let go: below that a collection's pause is not worth what it gives back.</summary>
    private const int BatchesWorthACollection = 32;

    private readonly BatchHandoff handoff;
    private readonly RingBatcher batcher;
    private readonly IRingSampleHandler records;
    private readonly Action<long> onceASecond;
    private readonly TimeSpan interval;
    private readonly ManualResetEventSlim failed = new();
    private Exception? failure;
    private volatile Exception? drainFailure;
    private volatile bool drainToEnd, stopDraining;
    private Thread? drainThread, writeThread;
    private int releasedBatches;

    /// <param name="records">Gets every ring record, in order, on the writer thread.</param>
    /// <param name="onceASecond">Runs on the writer thread every <paramref name="interval"/> with the monotonic time.</param>
    public RecordingPipeline(IRingSampleHandler records, Action<long> onceASecond, TimeSpan interval,
        int batchBytes = BatchBytes, int maxBatches = (int)(QueueBytes / BatchBytes))
    {
        handoff = new BatchHandoff(batchBytes, maxBatches);
        batcher = new RingBatcher(handoff);
        this.records = records;
        this.onceASecond = onceASecond;
        this.interval = interval;
    }

    /// <summary>What the ring reader calls for each record, on the drain thread.</summary>
    public IRingSampleHandler RingHandler => batcher;

    /// <summary>Set when either thread has failed.</summary>
    public WaitHandle Failed => failed.WaitHandle;

    /// <summary>Why the ring could no longer be read, if it could not; every record read before is written.</summary>
    public Exception? DrainFailure => drainFailure;

    /// <param name="pollAndConsume">Waits up to the given milliseconds, reads what the ring holds, returns how many records.</param>
    public void Start(Func<int, int> pollAndConsume)
    {
        drainThread = new Thread(() => GuardDrain(pollAndConsume)) { Name = RecorderThreads.Drain, IsBackground = true };
        writeThread = new Thread(() => Guard(Write)) { Name = RecorderThreads.Write, IsBackground = true };
        drainThread.Start();
        writeThread.Start();
    }

    /// <summary>
    /// Once the programs are detached: reads the ring to its end, lets the writer write every batch,
    /// and rethrows the writer's failure, if any.
    /// </summary>
    public void Finish()
    {
        drainToEnd = true;
        drainThread?.Join();
        writeThread?.Join();
        if (failure is not null)
            ExceptionDispatchInfo.Throw(failure);
    }

    private void Drain(Func<int, int> pollAndConsume)
    {
        while (!drainToEnd && !stopDraining)
        {
            pollAndConsume(PollTimeoutMs);
            batcher.PublishPending();
        }
        while (!stopDraining && pollAndConsume(0) > 0)
            batcher.PublishPending();
        batcher.PublishPending();
        handoff.Complete();
    }

    private void Write()
    {
        var clock = Stopwatch.StartNew();
        var nextSecond = interval;
        while (true)
        {
            var batch = handoff.Take(TimeSpan.FromTicks(Math.Max(0, (nextSecond - clock.Elapsed).Ticks)));
            if (batch is not null)
            {
                foreach (var record in batch)
                    records.OnSample(record);
                handoff.Return(batch);
            }
            else if (handoff.Finished)
            {
                return;
            }
            if (clock.Elapsed >= nextSecond)
            {
                onceASecond(Clock.MonotonicNs);
                ReleaseBurstMemory();
                // On a fixed beat, so the work of one flush does not delay every later one (pnm top's intervals end at them);
                // a writer that fell more than a beat behind starts a new one.
                nextSecond += interval;
                if (nextSecond <= clock.Elapsed)
                    nextSecond = clock.Elapsed + interval;
            }
        }
    }

    /// <summary>
    /// A burst's extra batches (up to <see cref="QueueBytes"/>) are large objects: only an aggressive collection gives
    /// their memory back to the system. Run once enough has been let go, when the burst is over (the pool was not drawn on for a
    /// second), so its pause, tens of milliseconds, falls where the ring is not filling.
    /// </summary>
    private void ReleaseBurstMemory()
    {
        releasedBatches += handoff.ReleaseSpares(SpareBatches);
        if (releasedBatches < BatchesWorthACollection)
            return;
        releasedBatches = 0;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    private void GuardDrain(Func<int, int> pollAndConsume)
    {
        try
        {
            Drain(pollAndConsume);
        }
        catch (Exception e)
        {
            drainFailure = e;
            // What was read before the failure is whole: hand it to the writer, then let the writer finish.
            batcher.PublishPending();
            handoff.Complete();
            failed.Set();
        }
    }

    private void Guard(Action stage)
    {
        try
        {
            stage();
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref failure, e, null);
            Stop();
            failed.Set();
        }
    }

    private void Stop()
    {
        stopDraining = true;
        handoff.Abort();
    }

    /// <summary>Stops both threads (a recording that failed or was abandoned) and waits for them, so the ring can be freed.</summary>
    public void Dispose()
    {
        Stop();
        drainThread?.Join();
        writeThread?.Join();
        failed.Dispose();
    }
}

/// <summary>The recorder's thread names, as /proc/&lt;pid&gt;/task/&lt;tid&gt;/comm shows them (the capture benchmark reads their CPU time).</summary>
public static class RecorderThreads
{
    public const string Drain = "pnm-drain", Write = "pnm-write";
}
