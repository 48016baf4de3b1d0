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
    private sealed record ClosedSegment(string Path, long Bytes, DateTimeOffset ClosedAt, bool OfEarlierRecording = false);

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
    // Processes, sockets, interfaces and the info in one frame, time series in another: a reader of a time window
    // reads every frame of the first kind and only the series frames whose time range reaches into its window.
    private readonly PendingMetadata pendingEntities = new(), pendingSeries = new();

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
        if (rotation.RetainEarlier)
        {
            closedSegments.AddRange(EarlierRecordings.Segments(directory).Select(s => new ClosedSegment(s.Path, s.Bytes, s.ClosedAt, OfEarlierRecording: true)));
            DeleteExpiredSegments(currentOpenedAt);
        }
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
        pendingEntities.Add(recordingInfo, MetadataCodec.Write);
        // Written at once, so even a recording killed in its first second is recognisable.
        Guard(WritePendingMetadata);
    }

    public void UpsertProcess(ProcessRecord process)
    {
        processes[process.ProcessId] = process;
        pendingEntities.Add(process, MetadataCodec.Write);
    }

    public void UpsertSocket(SocketRecord socket)
    {
        sockets[socket.SocketId] = socket;
        pendingEntities.Add(socket, MetadataCodec.Write);
    }

    public void UpsertInterface(InterfaceRecord networkInterface)
    {
        interfaces[networkInterface.Ifindex] = networkInterface;
        pendingEntities.Add(networkInterface, MetadataCodec.Write);
    }

    public void AddPacketFlows(IReadOnlyList<PacketFlowRecord> flows)
    {
        foreach (var flow in flows)
            pendingSeries.AddSeries(flow, MetadataCodec.Write, FrameFlags.PacketFlows, flow.WindowStartNs, flow.WindowEndNs);
    }

    public void AddSummarizedIo(IReadOnlyList<SummarizedIoRecord> summaries)
    {
        foreach (var summary in summaries)
            pendingSeries.AddSeries(summary, MetadataCodec.Write, FrameFlags.SummarizedIo, summary.WindowStartNs, summary.WindowEndNs);
    }

    public void AddRecorderStats(RecorderStatsRecord stats) =>
        pendingSeries.AddSeries(stats, MetadataCodec.Write, FrameFlags.RecorderStats, stats.WindowStartNs, stats.WindowEndNs);

    public void AddTcpIncidents(IReadOnlyList<TcpIncidentRecord> incidents)
    {
        foreach (var incident in incidents)
            pendingSeries.AddSeries(incident, MetadataCodec.Write, FrameFlags.TcpIncidents, incident.TimestampNs, incident.TimestampNs);
    }

    public void AddLoss(LossRecord loss) => pendingSeries.AddSeries(loss, MetadataCodec.Write, FrameFlags.Losses, loss.WindowStartNs,
        loss.WindowStartNs > long.MaxValue - LossRecord.WindowNs ? long.MaxValue : loss.WindowStartNs + LossRecord.WindowNs);

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
        pendingEntities.Add(info, MetadataCodec.Write);
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

    private void WritePendingMetadata()
    {
        Write(pendingEntities);
        Write(pendingSeries);
    }

    private void Write(PendingMetadata pending)
    {
        if (pending.Count == 0)
            return;
        var frame = frames.Encode(FrameKind.Metadata, FrameCodec.Zstd, pending.Records, pending.Count, pending.MinTimestampNs, pending.MaxTimestampNs,
            out var header, pending.Flags);
        current.Append(frame, header);
        pending.Clear();
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
            pendingEntities.Add(info, MetadataCodec.Write);
        foreach (var process in processes.Values)
            pendingEntities.Add(process, MetadataCodec.Write);
        foreach (var socket in sockets.Values)
            pendingEntities.Add(socket, MetadataCodec.Write);
        foreach (var networkInterface in interfaces.Values)
            pendingEntities.Add(networkInterface, MetadataCodec.Write);
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
            if (oldest.OfEarlierRecording)
                EarlierRecordings.Delete(oldest.Path);
            else
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
