namespace ProcNetMon2.Schema;

/// <summary>A recording opened for reading, whatever its storage format.</summary>
public interface IRecordingSource : IDisposable
{
    string Path { get; }
    RecordingInfo Info { get; }
    /// <summary>Damage that was stepped over (a torn or corrupt block): one line each, fit for the user. Grows while events are read.</summary>
    IReadOnlyList<string> Warnings { get; }
    IReadOnlyList<ProcessRecord> ReadProcesses();
    IReadOnlyList<SocketRecord> ReadSockets();
    IReadOnlyList<LossRecord> ReadLosses();
    /// <summary>All I/O events in timestamp order, streamed.</summary>
    IEnumerable<IoEvent> ReadEvents();
}
