using System.Runtime.InteropServices;

namespace ProcNetMon2.Schema.Segments;

/// <summary>
/// Writes a segment recording: a directory of segment files. Events are cut into blocks of at
/// most <see cref="SegmentFormat.MaxBlockEvents"/>, and at every flush; metadata goes into metadata
/// blocks written before the events that need them. Each new segment starts with the full current
/// metadata, so any segment left after retention deletes older ones reads on its own. Not thread-safe.
/// </summary>
public sealed class SegmentRecordingWriter : IRecordingSink
{
    private sealed record ClosedSegment(string Path, long Bytes, DateTimeOffset ClosedAt);

    private readonly string directory;
    private readonly SegmentRotation rotation;
    private readonly TimeProvider time;
    private readonly FrameEncoder frames = new();
    private readonly EventBlockEncoder eventEncoder = new();
    // The block being filled and its encoding grow to what the blocks need (a full block holds
    // MaxBlockEvents), so a short recording, a small convert, never pays for a full one.
    private IoEvent[] events = new IoEvent[1024];
    private int eventCount;
    private readonly ByteBuffer rawBlock = new();
    private readonly ByteBuffer pendingMetadata = new();
    private int pendingRecords;

    private RecordingInfo? info;
    private readonly Dictionary<long, ProcessRecord> processes = [];
    private readonly Dictionary<long, SocketRecord> sockets = [];
    private readonly Dictionary<int, InterfaceRecord> interfaces = [];

    private SegmentFileWriter current;
    private DateTimeOffset currentOpenedAt;
    private readonly List<ClosedSegment> closedSegments = [];
    private bool finished, failed;

    public string Path => directory;

    private SegmentRecordingWriter(string directory, SegmentRotation rotation, TimeProvider time)
    {
        this.directory = directory;
        this.rotation = rotation;
        this.time = time;
        current = SegmentFileWriter.Create(System.IO.Path.Combine(directory, SegmentFormat.SegmentFileName(1)), 1);
        currentOpenedAt = time.GetUtcNow();
    }

    /// <summary>Creates the recording directory (owner only) and its first segment.</summary>
    /// <exception cref="IOException">The directory exists or cannot be made.</exception>
    public static SegmentRecordingWriter Create(string directory, SegmentRotation? rotation = null, TimeProvider? time = null)
    {
        if (Directory.Exists(directory) || File.Exists(directory))
            throw new IOException($"{directory} already exists");
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(directory);
        else
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new SegmentRecordingWriter(directory, rotation ?? SegmentRotation.None, time ?? TimeProvider.System);
    }

    public int FormatVersion => Schema.FormatVersion.Segments;

    public void Begin(RecordingInfo recordingInfo)
    {
        info = recordingInfo;
        Pend(recordingInfo, MetadataCodec.Write);
        // Written at once, so even a recording killed in its first second is recognisable.
        Guard(WritePendingMetadata);
    }

    public void UpsertProcess(ProcessRecord process)
    {
        processes[process.ProcessId] = process;
        Pend(process, MetadataCodec.Write);
    }

    public void UpsertSocket(SocketRecord socket)
    {
        sockets[socket.SocketId] = socket;
        Pend(socket, MetadataCodec.Write);
    }

    public void UpsertInterface(InterfaceRecord networkInterface)
    {
        interfaces[networkInterface.Ifindex] = networkInterface;
        Pend(networkInterface, MetadataCodec.Write);
    }

    public void AddPacketFlows(IReadOnlyList<PacketFlowRecord> flows) => PendAll(flows, MetadataCodec.Write);

    public void AddSummarizedIo(IReadOnlyList<SummarizedIoRecord> summaries) => PendAll(summaries, MetadataCodec.Write);

    public void AddRecorderStats(RecorderStatsRecord stats) => Pend(stats, MetadataCodec.Write);

    public void AddTcpIncidents(IReadOnlyList<TcpIncidentRecord> incidents) => PendAll(incidents, MetadataCodec.Write);

    public void AddLoss(LossRecord loss) => Pend(loss, MetadataCodec.Write);

    public void AddEvents(ReadOnlySpan<IoEvent> batch)
    {
        while (!batch.IsEmpty)
        {
            int take = Math.Min(batch.Length, SegmentFormat.MaxBlockEvents - eventCount);
            if (events.Length < eventCount + take)
                Array.Resize(ref events, Math.Min(Math.Max(eventCount + take, events.Length * 2), SegmentFormat.MaxBlockEvents));
            batch[..take].CopyTo(events.AsSpan(eventCount));
            eventCount += take;
            batch = batch[take..];
            if (eventCount == SegmentFormat.MaxBlockEvents)
                Guard(WriteEventBlock);
        }
    }

    public void Flush() => Guard(() =>
    {
        WriteEventBlock();
        WritePendingMetadata();
        RotateIfDue();
    });

    public void Finish(long stoppedNs)
    {
        if (info is null)
            throw new InvalidOperationException("Finish before Begin");
        info = info with { StoppedNs = stoppedNs };
        Pend(info, MetadataCodec.Write);
        Guard(() =>
        {
            WriteEventBlock();
            WritePendingMetadata();
            current.Close(frames);
        });
        finished = true;
    }

    private void WriteEventBlock()
    {
        if (eventCount == 0)
            return;
        // Metadata first: events never reach disk before the processes and sockets they name.
        WritePendingMetadata();
        var block = events.AsSpan(0, eventCount);
        EventOrder.SortByTimestamp(block);
        rawBlock.Clear();
        eventEncoder.Encode(block, rawBlock);
        var frame = frames.Encode(FrameKind.Events, FrameCodec.Zstd, rawBlock.Written, block.Length,
            block[0].TimestampNs, block[^1].TimestampNs, out var header);
        current.Append(frame, header);
        eventCount = 0;
        RotateIfDue();
    }

    /// <summary>Adds a record to the metadata block the next flush writes.</summary>
    private void Pend<T>(T record, Action<T, ByteBuffer> write)
    {
        write(record, pendingMetadata);
        pendingRecords++;
    }

    private void PendAll<T>(IEnumerable<T> records, Action<T, ByteBuffer> write)
    {
        foreach (var record in records)
            Pend(record, write);
    }

    private void WritePendingMetadata()
    {
        if (pendingRecords == 0)
            return;
        var frame = frames.Encode(FrameKind.Metadata, FrameCodec.Zstd, pendingMetadata.Written, pendingRecords, 0, 0, out var header);
        current.Append(frame, header);
        pendingMetadata.Clear();
        pendingRecords = 0;
    }

    private void RotateIfDue()
    {
        var now = time.GetUtcNow();
        bool bySize = rotation.RotateBytes is { } bytes && current.Length >= bytes;
        bool byAge = rotation.RotateAfter is { } age && now - currentOpenedAt >= age;
        if (!bySize && !byAge)
            return;

        current.Close(frames);
        closedSegments.Add(new ClosedSegment(current.Path, current.Length, now));
        current.Dispose();
        uint sequence = current.Sequence + 1;
        current = SegmentFileWriter.Create(System.IO.Path.Combine(directory, SegmentFormat.SegmentFileName(sequence)), sequence);
        currentOpenedAt = now;
        WriteSnapshot();
        DeleteExpiredSegments(now);
    }

    private void WriteSnapshot()
    {
        if (info is not null)
            Pend(info, MetadataCodec.Write);
        PendAll(processes.Values, MetadataCodec.Write);
        PendAll(sockets.Values, MetadataCodec.Write);
        PendAll(interfaces.Values, MetadataCodec.Write);
        WritePendingMetadata();
    }

    private void DeleteExpiredSegments(DateTimeOffset now)
    {
        while (closedSegments.Count > 0)
        {
            var oldest = closedSegments[0];
            long total = closedSegments.Sum(s => s.Bytes) + current.Length;
            bool tooBig = rotation.RetainBytes is { } limit && total > limit;
            bool tooOld = rotation.RetainAge is { } maxAge && now - oldest.ClosedAt > maxAge;
            if (!tooBig && !tooOld)
                return;
            File.Delete(oldest.Path);
            closedSegments.RemoveAt(0);
        }
    }

    private void Guard(Action write)
    {
        if (failed)
            throw new InvalidOperationException("the recording failed to write earlier and is closed");
        try
        {
            write();
        }
        catch
        {
            failed = true;
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            if (!finished && !failed)
            {
                WriteEventBlock();
                WritePendingMetadata();
                current.Close(frames);
            }
        }
        catch (IOException)
        {
            // Whatever was appended before stays readable; Dispose must not hide the original error.
        }
        finally
        {
            current.Dispose();
            frames.Dispose();
        }
    }
}
