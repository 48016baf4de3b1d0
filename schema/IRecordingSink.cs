namespace ProcNetMon2.Schema;

/// <summary>Where a recorder writes. Upserts may repeat a row with newer values.</summary>
public interface IRecordingSink : IDisposable
{
    void Begin(RecordingInfo info);
    void UpsertProcess(ProcessRecord process);
    void UpsertSocket(SocketRecord socket);
    void AddEvents(ReadOnlySpan<IoEvent> events);
    void AddLoss(LossRecord loss);
    /// <summary>Makes everything written so far durable and readable.</summary>
    void Flush();
    /// <summary>Marks the recording complete; nothing may be written after.</summary>
    void Finish(long stoppedNs);
}
