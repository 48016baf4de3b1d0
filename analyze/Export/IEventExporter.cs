using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze.Export;

/// <summary>Writes a recording's I/O events as flat rows (see <see cref="EventRow"/>), streaming: memory stays bounded whatever the recording's size.</summary>
public interface IEventExporter
{
    /// <returns>The number of rows written.</returns>
    Task<long> ExportAsync(IRecordingSource source, Stream output, CancellationToken cancellationToken = default);
}
