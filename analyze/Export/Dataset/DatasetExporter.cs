using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO.Compression;
using Parquet;
using Parquet.Serialization;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze.Export.Dataset;

/// <summary>What one recording's export added to a dataset.</summary>
public sealed record DatasetExport(string RecordingId, string Host, long Events, int Files);

/// <summary>
/// Adds recordings to a Hive-partitioned Parquet dataset (<see cref="DatasetLayout"/>): a recording's events
/// by host, UTC date and hour, its processes, sockets (with their byte totals), packet flows, losses and
/// its own row by host and the UTC date it started. A recording exported again replaces its files; all of
/// one recording's files replace its earlier ones together at the end (<see cref="StagedFiles"/>), or none do; what an export
/// killed midway left is undone first.
/// </summary>
public sealed class DatasetExporter(string root)
{
    private readonly Lock recovery = new();
    private bool recovered;
    private static readonly ParquetOptions SmallTables = new() { CompressionMethod = CompressionMethod.Zstd, CompressionLevel = CompressionLevel.Fastest };

    /// <exception cref="OperationCanceledException">Cancelled: nothing of this recording was added.</exception>
    public async Task<DatasetExport> ExportAsync(IRecordingSource source, CancellationToken cancellationToken = default)
    {
        using var staged = await StageAsync(source, cancellationToken);
        // The last moment to stop: from here the files are renamed into place, which takes no time to speak of.
        cancellationToken.ThrowIfCancellationRequested();
        return staged.Commit();
    }

    /// <summary>
    /// Writes all of the recording's files under temporary names, for <see cref="StagedDatasetExport.Commit"/> to put in
    /// place; disposed uncommitted, they are removed. Several recordings of different ids may be staged at once.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled: nothing of this recording was added.</exception>
    public async Task<StagedDatasetExport> StageAsync(IRecordingSource source, CancellationToken cancellationToken = default)
    {
        string id = RecordingIdentity.Of(source);
        string host = source.Info.Host;
        var metadata = new Dictionary<string, string>(ParquetEventExporter.Metadata(source.Info))
        {
            ["pnm.recording_id"] = id,
            ["pnm.dataset_schema_version"] = DatasetLayout.SchemaVersion.ToString(CultureInfo.InvariantCulture),
        };
        lock (recovery)
        {
            if (!recovered)
                StagedFiles.Recover(root);
            recovered = true;
        }
        var staged = new StagedFiles(root, id);
        try
        {
            var files = await WriteAllAsync(source, id, metadata, staged, cancellationToken);
            return new StagedDatasetExport(staged, new DatasetExport(id, host, files.Events, files.Files));
        }
        catch
        {
            staged.Dispose();
            throw;
        }
    }

    /// <summary>The recording's events, hour by hour, and its other tables' rows, under temporary names: how many events and files.</summary>
    private static async Task<(long Events, int Files)> WriteAllAsync(IRecordingSource source, string id, IReadOnlyDictionary<string, string> metadata, StagedFiles staged, CancellationToken cancellationToken)
    {
        string host = source.Info.Host;
        var socketBytes = new SocketByteTotals();
        var exporter = new ParquetEventExporter(recordingId: id, socketBytes: socketBytes);
        long events = 0;
        int files = 0;
        using (var hours = new HourRuns(EventRow.Read(source, cancellationToken)))
            while (hours.NextHour())
            {
                await using var file = staged.Create(DatasetLayout.Partition(DatasetLayout.Events, host, hours.Hour, withHour: true));
                events += await exporter.WriteAsync(hours.Run, file, metadata, cancellationToken);
                file.Flush(flushToDisk: true);
                files++;
            }

        var recording = new RecordingView(source);
        var rows = new DatasetRows(recording, id);
        var started = EventRow.WallClock(recording.StartWallNs);
        await WriteAsync(DatasetLayout.Recordings, [rows.Recording(events)]);
        await WriteAsync(DatasetLayout.Processes, rows.Processes());
        await WriteAsync(DatasetLayout.Sockets, rows.Sockets(socketBytes));
        await WriteAsync(DatasetLayout.PacketFlows, rows.PacketFlows());
        await WriteAsync(DatasetLayout.Losses, rows.Losses());
        return (events, files + 5);

        // Parquet.Net's serializer finds the columns by reflection over the row type's properties: the native pnm
        // must keep them (and their attributes), which it does for every type passed here.
        async Task WriteAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(string table, IEnumerable<T> tableRows)
        {
            await using var file = staged.Create(DatasetLayout.Partition(table, host, started, withHour: false));
            await ParquetSerializer.SerializeAsync(tableRows.ToList(), file, SmallTables, metadata, cancellationToken);
            file.Flush(flushToDisk: true);
        }
    }
}
