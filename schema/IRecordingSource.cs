namespace ProcNetMon2.Schema;

/// <summary>A recording opened for reading, whatever its storage format.</summary>
public interface IRecordingSource : IDisposable
{
    string Path { get; }
    RecordingInfo Info { get; }
    IReadOnlyList<ProcessRecord> ReadProcesses();
    IReadOnlyList<SocketRecord> ReadSockets();
    IReadOnlyList<LossRecord> ReadLosses();
    /// <summary>All I/O events in timestamp order, streamed.</summary>
    IEnumerable<IoEvent> ReadEvents();
}
