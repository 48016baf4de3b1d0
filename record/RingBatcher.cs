using ProcNetMon2.Bpf;

namespace ProcNetMon2.Record;

/// <summary>
/// The drain thread's ring handler: copies each record into the current batch, publishes a batch
/// when it is full and, after each poll round, the partial one, so the ring is read at the pace of
/// a memory copy whatever the writer is doing.
/// </summary>
internal sealed class RingBatcher(BatchHandoff handoff) : IRingSampleHandler
{
    private RecordBatch? current;

    public void OnSample(ReadOnlySpan<byte> sample)
    {
        if (current?.TryAppend(sample) == true)
            return;
        PublishPending();
        // Waits only when the writer is a whole queue behind; null once the recording has failed,
        // and then there is nothing left to keep the record for.
        current = handoff.Rent();
        current?.TryAppend(sample);
    }

    /// <summary>Hands the partly filled batch to the writer.</summary>
    public void PublishPending()
    {
        if (current is { IsEmpty: false })
        {
            handoff.Publish(current);
            current = null;
        }
    }
}
