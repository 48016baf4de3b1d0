using System.Diagnostics;

namespace ProcNetMon2.Record;

/// <summary>
/// Hands batches of ring records from the drain thread to the writer thread, in order. Batches are
/// pooled and at most <c>maxBatches</c> exist: when the writer is that far behind, the drain waits
/// for one to come back (the ring then fills and the kernel counts what it drops) instead of
/// memory growing without bound. Batches a burst needed beyond a few spares are let go again
/// (<see cref="ReleaseSpares"/>), so a recorder does not keep a burst's memory for the rest of its life.
/// </summary>
internal sealed class BatchHandoff(int batchBytes, int maxBatches)
{
    private readonly object gate = new();
    private readonly Queue<RecordBatch> published = new();
    private readonly Stack<RecordBatch> free = new();
    private int created, fewestFreeSinceRelease;
    private bool completed, aborted;

    /// <summary>Batches that exist now: being filled, queued, being written or pooled.</summary>
    public int Created
    {
        get
        {
            lock (gate)
                return created;
        }
    }

    /// <summary>Drain side: an empty batch; waits while all batches are queued or being written. Null once aborted.</summary>
    public RecordBatch? Rent()
    {
        lock (gate)
        {
            while (!aborted)
            {
                if (free.TryPop(out var batch))
                {
                    fewestFreeSinceRelease = Math.Min(fewestFreeSinceRelease, free.Count);
                    return batch;
                }
                if (created < maxBatches)
                {
                    created++;
                    return new RecordBatch(batchBytes);
                }
                Monitor.Wait(gate);
            }
            return null;
        }
    }

    /// <summary>Drain side: queues a filled batch for the writer.</summary>
    public void Publish(RecordBatch batch)
    {
        lock (gate)
        {
            published.Enqueue(batch);
            Monitor.PulseAll(gate);
        }
    }

    /// <summary>Drain side: nothing more will be published.</summary>
    public void Complete()
    {
        lock (gate)
        {
            completed = true;
            Monitor.PulseAll(gate);
        }
    }

    /// <summary>
    /// Writer side: the oldest published batch, waiting up to <paramref name="timeout"/> for one;
    /// null on timeout, or once completed and everything taken, or aborted (then <see cref="Finished"/>).
    /// </summary>
    public RecordBatch? Take(TimeSpan timeout)
    {
        long started = Stopwatch.GetTimestamp();
        lock (gate)
        {
            while (!aborted)
            {
                if (published.TryDequeue(out var batch))
                    return batch;
                var remaining = timeout - Stopwatch.GetElapsedTime(started);
                if (completed || remaining <= TimeSpan.Zero)
                    return null;
                Monitor.Wait(gate, remaining);
            }
            return null;
        }
    }

    /// <summary>True once every batch of a completed drain was taken, or the handoff was aborted.</summary>
    public bool Finished
    {
        get
        {
            lock (gate)
                return aborted || (completed && published.Count == 0);
        }
    }

    /// <summary>Writer side: a written batch goes back to the pool.</summary>
    public void Return(RecordBatch batch)
    {
        batch.Clear();
        lock (gate)
        {
            free.Push(batch);
            Monitor.PulseAll(gate);
        }
    }

    /// <summary>
    /// Lets go of the pooled batches beyond <paramref name="keep"/> that no rent reached since the last call (so none
    /// while a burst is still drawing on the pool); returns how many.
    /// </summary>
    public int ReleaseSpares(int keep)
    {
        lock (gate)
        {
            int released = 0;
            for (int unused = fewestFreeSinceRelease; unused > keep && free.Count > keep; unused--)
            {
                free.Pop();
                created--;
                released++;
            }
            fewestFreeSinceRelease = free.Count;
            return released;
        }
    }

    /// <summary>Either side failed: nobody waits any more, and what is queued is dropped.</summary>
    public void Abort()
    {
        lock (gate)
        {
            aborted = true;
            published.Clear();
            Monitor.PulseAll(gate);
        }
    }
}
