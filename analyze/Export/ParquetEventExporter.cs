using System.Globalization;
using System.IO.Compression;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Parquet;
using Parquet.Schema;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze.Export;

/// <summary>
/// A Parquet file (zstd, fastest level) of row groups of <paramref name="rowsPerGroup"/> events, in time order
/// from group to group and, within a group, ordered by process_id, socket_id and time (<see cref="EventRowGroup"/>):
/// the process and socket columns then cost almost nothing. <c>time</c> is a UTC timestamp in microseconds;
/// the recording's host, start, stop and clock offset go into the file's key-value metadata.
/// </summary>
/// <param name="recordingId">When given, a last column <c>recording_id</c> holds it on every row (a dataset's events, see <see cref="Dataset.DatasetExporter"/>).</param>
/// <param name="socketBytes">When given, every written row's bytes are added to its socket's totals.</param>
public sealed class ParquetEventExporter(int rowsPerGroup = ParquetEventExporter.DefaultRowsPerGroup, string? recordingId = null, SocketByteTotals? socketBytes = null) : IEventExporter
{
    /// <summary>
    /// 262,144 rows: as fast to write as larger groups and a third of the memory of 1M-row groups
    /// (about 250 MiB resident against 570 MiB), still large for readers (DuckDB's own groups are 122,880 rows).
    /// </summary>
    public const int DefaultRowsPerGroup = 1 << 18;

    private static readonly DataField<long> TsNs = new("ts_ns");
    private static readonly DateTimeDataField Time = new("time", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false);
    private static readonly DataField<int?> Pid = new("pid");
    private static readonly DataField<int> Tid = new("tid");
    private static readonly DataField<string> Comm = new("comm", nullable: true);
    private static readonly DataField<string> Exe = new("exe", nullable: true);
    private static readonly DataField<int?> Uid = new("uid");
    private static readonly DataField<string> User = new("user", nullable: true);
    private static readonly DataField<string> Container = new("container", nullable: true);
    private static readonly DataField<long> ProcessId = new("process_id");
    private static readonly DataField<long> SocketId = new("socket_id");
    private static readonly DataField<string> Direction = new("direction", nullable: false);
    private static readonly DataField<long> Bytes = new("bytes");
    private static readonly DataField<long> Calls = new("calls");
    private static readonly DataField<string> Protocol = new("protocol", nullable: true);
    private static readonly DataField<string> LocalAddr = new("local_addr", nullable: true);
    private static readonly DataField<int?> LocalPort = new("local_port");
    private static readonly DataField<string> RemoteAddr = new("remote_addr", nullable: true);
    private static readonly DataField<int?> RemotePort = new("remote_port");
    private static readonly DataField<string> App = new("app", nullable: true);
    private static readonly DataField<string> RecordingId = new("recording_id", nullable: false);

    /// <summary>The file's schema: the columns of <see cref="EventRow.ColumnNames"/>, in that order.</summary>
    public static ParquetSchema Schema { get; } = new(
        TsNs, Time, Pid, Tid, Comm, Exe, Uid, User, Container, ProcessId, SocketId, Direction, Bytes, Calls,
        Protocol, LocalAddr, LocalPort, RemoteAddr, RemotePort, App);

    /// <summary>A dataset's events: <see cref="Schema"/> and <c>recording_id</c>.</summary>
    public static ParquetSchema DatasetSchema { get; } = new([.. Schema.DataFields, RecordingId]);

    public async Task<long> ExportAsync(IRecordingSource source, Stream output, CancellationToken cancellationToken = default)
    {
        using var rows = new EventRowCursor(EventRow.Read(source, cancellationToken));
        return await WriteAsync(rows, output, Metadata(source.Info), cancellationToken);
    }

    /// <summary>
    /// Writes the rows the cursor gives (in time order) to one Parquet file. Two threads share the work: this one reads the
    /// rows and lays out each group's columns while a second encodes and writes the group before; two groups
    /// take turns, so memory stays bounded by them whatever the number of rows.
    /// </summary>
    internal async Task<long> WriteAsync(EventRowCursor rows, Stream output, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowsPerGroup);
        await using var writer = await ParquetWriter.CreateAsync(recordingId is null ? Schema : DatasetSchema, output, Options, cancellationToken: cancellationToken);
        writer.CustomMetadata = new Dictionary<string, string>(metadata);
        var laid = Channel.CreateBounded<EventRowGroup>(1);
        var free = Channel.CreateBounded<EventRowGroup>(2);
        // Kept for the next file of this exporter (a dataset's hours): some 45 MB each.
        groups ??= [new EventRowGroup(rowsPerGroup), new EventRowGroup(rowsPerGroup)];
        foreach (var spare in groups)
        {
            spare.Clear();
            free.Writer.TryWrite(spare);
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writing = Task.Run(() => WriteGroupsAsync(writer, laid.Reader, free.Writer, stop), CancellationToken.None);
        long count = 0;
        try
        {
            var group = await free.Reader.ReadAsync(stop.Token);
            while (rows.TryTake(out var row))
            {
                group.Add(row);
                count++;
                if (group.IsFull)
                {
                    Lay(group);
                    await laid.Writer.WriteAsync(group, stop.Token);
                    group = await free.Reader.ReadAsync(stop.Token);
                }
            }
            if (group.Count > 0)
            {
                Lay(group);
                await laid.Writer.WriteAsync(group, stop.Token);
            }
            laid.Writer.Complete();
        }
        catch
        {
            stop.Cancel();
            laid.Writer.TryComplete();
            // When the writing thread failed (a full disk), its failure is what stopped this one: report that.
            if (await FailureOf(writing) is { } writeFailure)
                ExceptionDispatchInfo.Throw(writeFailure);
            throw;
        }
        await writing;
        return count;
    }

    private void Lay(EventRowGroup group)
    {
        group.Lay();
        if (socketBytes is not null)
            group.AddBytesTo(socketBytes);
    }

    private static async Task<Exception?> FailureOf(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static readonly ParquetOptions Options = CreateOptions();

    private static ParquetOptions CreateOptions()
    {
        // Parquet.Net compresses at the smallest-size level by default: some 30 times slower than Fastest, for files a fifth smaller.
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Zstd, CompressionLevel = CompressionLevel.Fastest };
        // Timestamps within a socket grow by small steps: deltas, bit-packed, take half the bytes of plain values.
        foreach (var field in new[] { TsNs, ProcessId, SocketId, Calls })
            options.ColumnEncodingHints[field.Path.ToString()] = EncodingHint.DeltaBinaryPacked;
        // Strings repeat in runs: a dictionary of the group's few values and run-length indexes. Plain encoding, Parquet.Net's
        // default, transcodes, compares (for the statistics) and compresses every value: 15% more CPU in all.
        foreach (var field in new[] { Comm, Exe, User, Container, Direction, Protocol, LocalAddr, RemoteAddr, App, RecordingId })
            options.ColumnEncodingHints[field.Path.ToString()] = EncodingHint.Dictionary;
        return options;
    }

    private async Task WriteGroupsAsync(ParquetWriter writer, ChannelReader<EventRowGroup> laid, ChannelWriter<EventRowGroup> free, CancellationTokenSource stop)
    {
        var cancellationToken = stop.Token;
        try
        {
            await foreach (var group in laid.ReadAllAsync(cancellationToken))
            {
                await WriteGroupAsync(writer, group, cancellationToken);
                group.Clear();
                // Writing a group leaves some 100 MB of large short-lived arrays inside Parquet.Net, which the GC
                // lets pile up (330-600 MiB resident over 20M events); a background collection per group keeps
                // memory flat without stopping the thread that reads. One that ran since this exporter's last
                // (another export's beside it, in a dataset export) has collected this one's garbage too.
                int collections = GC.CollectionCount(2);
                if (collections == fullCollections || fullCollections < 0)
                {
                    GC.Collect(2, GCCollectionMode.Forced, blocking: false);
                    // A background collection is counted when it starts, which may be after Collect returns.
                    collections++;
                }
                fullCollections = collections;
                await free.WriteAsync(group, cancellationToken);
            }
        }
        catch
        {
            stop.Cancel();
            throw;
        }
    }

    // Not nullable, as the column: Parquet.Net then writes the values as they are, where nullable ones are first
    // counted and copied (half of the column's cost).
    private ReadOnlyMemory<char>[]? recordingIds;
    private EventRowGroup[]? groups;
    private ReadOnlyMemory<char>[]? textScratch;
    private int[]? numberScratch;
    // The process's count of full collections after this exporter's last group (-1: none written yet).
    private int fullCollections = -1;

    private async Task WriteGroupAsync(ParquetWriter writer, EventRowGroup rows, CancellationToken cancellationToken)
    {
        int n = rows.Count;
        // One column's values at a time, laid out from the group's runs.
        var texts = textScratch ??= new ReadOnlyMemory<char>[rowsPerGroup];
        var numbers = numberScratch ??= new int[rowsPerGroup];
        using var group = writer.CreateRowGroup();
        await group.WriteAsync(TsNs, First(rows.TsNs, n), cancellationToken: cancellationToken);
        await group.WriteAsync(Time, First(rows.Time, n), cancellationToken: cancellationToken);
        await WriteAsync(group, Pid, rows.Pid, numbers, cancellationToken);
        await group.WriteAsync(Tid, First(rows.Tid, n), cancellationToken: cancellationToken);
        await WriteAsync(group, Comm, rows.Comm, texts, cancellationToken);
        await WriteAsync(group, Exe, rows.Exe, texts, cancellationToken);
        await WriteAsync(group, Uid, rows.Uid, numbers, cancellationToken);
        await WriteAsync(group, User, rows.User, texts, cancellationToken);
        await WriteAsync(group, Container, rows.Container, texts, cancellationToken);
        await group.WriteAsync(ProcessId, First(rows.ProcessId, n), cancellationToken: cancellationToken);
        await group.WriteAsync(SocketId, First(rows.SocketId, n), cancellationToken: cancellationToken);
        await group.WriteAsync(Direction, First(rows.Direction, n), cancellationToken: cancellationToken);
        await group.WriteAsync(Bytes, First(rows.Bytes, n), cancellationToken: cancellationToken);
        await group.WriteAsync(Calls, First(rows.Calls, n), cancellationToken: cancellationToken);
        await WriteAsync(group, Protocol, rows.Protocol, texts, cancellationToken);
        await WriteAsync(group, LocalAddr, rows.LocalAddr, texts, cancellationToken);
        await WriteAsync(group, LocalPort, rows.LocalPort, numbers, cancellationToken);
        await WriteAsync(group, RemoteAddr, rows.RemoteAddr, texts, cancellationToken);
        await WriteAsync(group, RemotePort, rows.RemotePort, numbers, cancellationToken);
        await WriteAsync(group, App, rows.App, texts, cancellationToken);
        if (recordingId is not null)
        {
            recordingIds ??= Enumerable.Repeat(recordingId.AsMemory(), rowsPerGroup).ToArray();
            await group.WriteAsync(RecordingId, First(recordingIds, n), cancellationToken: cancellationToken);
        }
        group.CompleteValidate();
    }

    private static Task WriteAsync<T>(ParquetRowGroupWriter group, DataField field, OptionalColumn<T> column, T[] scratch, CancellationToken cancellationToken) where T : struct =>
        group.WriteAllPartsAsync(field, column.ValuesIn(scratch), column.DefinitionLevels, repetitionLevels: null, cancellationToken);

    private static ReadOnlyMemory<T> First<T>(T[] column, int count) => new(column, 0, count);

    /// <summary>The recording's host, start, stop and clock offset, as the file's key-value metadata.</summary>
    public static Dictionary<string, string> Metadata(RecordingInfo info)
    {
        var metadata = new Dictionary<string, string>
        {
            ["pnm.host"] = info.Host,
            ["pnm.pnm_version"] = info.PnmVersion,
            ["pnm.started_ns"] = Text(info.StartedNs),
            ["pnm.monotonic_to_wall_ns"] = Text(info.MonotonicToWallNs),
        };
        if (info.StoppedNs is { } stopped)
            metadata["pnm.stopped_ns"] = Text(stopped);
        return metadata;
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
