using System.Collections.Concurrent;

namespace ProcNetMon2.Schema.Segments;

/// <summary>
/// Decodes event blocks on background threads, a few blocks ahead of the consumer: reading,
/// checking, decompressing and decoding run beside whatever the consumer does with the events.
/// Worker w decodes groups w, w + W, w + 2W…; the consumer takes them back in order. A group of
/// blocks whose time ranges overlap comes out merged in timestamp order. A plan of one group
/// (a short recording) is decoded on the consumer's thread when it is taken.
/// </summary>
internal sealed class DecodedBlockStream : IDisposable
{
    private const int BlocksAheadPerWorker = 2;

    private sealed class Worker(int first) : IDisposable
    {
        public readonly int First = first;
        public readonly BlockingCollection<(IoEvent[] Events, int Count)> Decoded = new(BlocksAheadPerWorker);
        public readonly BlockingCollection<IoEvent[]> Free = new();
        public Thread? Thread;

        public void Dispose()
        {
            Decoded.Dispose();
            Free.Dispose();
        }
    }

    private readonly Worker[] workers;
    private readonly CancellationTokenSource stop = new();
    private readonly IReadOnlyList<IReadOnlyList<FrameLocation>> groups;
    private readonly Action<string> warn;
    private readonly Action blockDecoded;
    private Exception? failure;
    private int next;
    private Worker? lent;

    /// <param name="groups">Blocks to decode, in output order; a group of several is merged by timestamp.</param>
    public DecodedBlockStream(IReadOnlyList<IReadOnlyList<FrameLocation>> groups, Action<string> warn, Action blockDecoded)
    {
        this.groups = groups;
        this.warn = warn;
        this.blockDecoded = blockDecoded;
        // One group has nothing to be decoded ahead of: no thread to start and wait for.
        int count = groups.Count > 1 ? ParallelReaders.WorkerCount(groups.Count) : 0;
        workers = Enumerable.Range(0, count).Select(w => new Worker(w)).ToArray();
        int bufferEvents = BufferEvents(groups);
        foreach (var worker in workers)
        {
            for (int i = 0; i < BlocksAheadPerWorker + 1; i++)
                worker.Free.Add(new IoEvent[bufferEvents]);
            worker.Thread = new Thread(() => Produce(worker)) { IsBackground = true, Name = "pnm segment decoder" };
            worker.Thread.Start();
        }
    }

    /// <summary>The next decoded block, or false at the end. Give the array back with <see cref="Return"/>.</summary>
    public bool TryTake(out IoEvent[] events, out int count)
    {
        if (workers.Length == 0)
            return TryDecodeHere(out events, out count);
        if (next < groups.Count)
        {
            var worker = workers[next % workers.Length];
            if (worker.Decoded.TryTake(out var block, Timeout.Infinite))
            {
                next++;
                lent = worker;
                (events, count) = block;
                return true;
            }
        }
        if (failure is not null)
            throw new InvalidOperationException($"decoding failed: {failure.Message}", failure);
        (events, count) = (Array.Empty<IoEvent>(), 0);
        return false;
    }

    public void Return(IoEvent[] events) => lent?.Free.Add(events);

    private bool TryDecodeHere(out IoEvent[] events, out int count)
    {
        (events, count) = (Array.Empty<IoEvent>(), 0);
        if (next == groups.Count)
            return false;
        using var frames = new FrameReader();
        events = new IoEvent[BufferEvents(groups)];
        count = DecodeGroup(frames, new EventBlockDecoder(), groups[next++], ref events, warn, blockDecoded);
        return true;
    }

    /// <summary>
    /// Decodes the groups on up to four threads, each taking the next group not yet taken and handing its events
    /// to <paramref name="consume"/> with the thread's own state.
    /// </summary>
    public static IReadOnlyList<TState> ForEachInParallel<TState>(IReadOnlyList<IReadOnlyList<FrameLocation>> groups, Action<string> warn,
        Action blockDecoded, Func<TState> createState, Action<TState, ReadOnlySpan<IoEvent>> consume) =>
        ForEachGroupInParallel(groups, createState, () =>
        {
            var buffer = new IoEvent[BufferEvents(groups)];
            return (frames, decoder, group, state) =>
            {
                int count = DecodeGroup(frames, decoder, group, ref buffer, warn, blockDecoded);
                consume(state, buffer.AsSpan(0, count));
            };
        });

    /// <summary>
    /// As <see cref="ForEachInParallel"/>, with the events handed over as the blocks store them (<see cref="EventColumns"/>);
    /// a merged group of blocks as columns of one entry per event.
    /// </summary>
    public static IReadOnlyList<TState> ForEachColumnsInParallel<TState>(IReadOnlyList<IReadOnlyList<FrameLocation>> groups, Action<string> warn,
        Action blockDecoded, Func<TState> createState, Action<TState, EventColumns> consume) =>
        ForEachGroupInParallel(groups, createState, () =>
        {
            IoEvent[] merged = [];
            var mergedColumns = new EventColumnArrays();
            return (frames, decoder, group, state) =>
            {
                if (group.Count == 1)
                {
                    consume(state, DecodeColumns(frames, decoder, group[0], warn, blockDecoded));
                    return;
                }
                int count = Merge(frames, decoder, group, ref merged, warn, blockDecoded);
                consume(state, mergedColumns.Of(merged.AsSpan(0, count)));
            };
        });

    private delegate void GroupDecoder<TState>(FrameReader frames, EventBlockDecoder decoder, IReadOnlyList<FrameLocation> group, TState state);

    /// <summary>
    /// Up to four threads, each with its own frame reader, block decoder and <paramref name="createDecoder"/>'s, taking the
    /// next group not yet taken. Each reader and decoder has room for the largest block from the start: grown block by
    /// block, their buffers were large objects left behind, which set off full collections of the scan's heap.
    /// </summary>
    private static IReadOnlyList<TState> ForEachGroupInParallel<TState>(IReadOnlyList<IReadOnlyList<FrameLocation>> groups, Func<TState> createState,
        Func<GroupDecoder<TState>> createDecoder)
    {
        int workers = ParallelReaders.WorkerCount(groups.Count);
        int nextGroup = -1;
        var (events, storedBytes, rawBytes) = LargestBlock(groups);
        return ParallelReaders.Run(workers, "pnm segment reader", createState, (_, state, failed) =>
        {
            using var frames = new FrameReader();
            frames.Reserve(storedBytes, rawBytes);
            var decoder = new EventBlockDecoder();
            decoder.Reserve(events);
            var decodeGroup = createDecoder();
            for (int g = Interlocked.Increment(ref nextGroup); g < groups.Count && !failed(); g = Interlocked.Increment(ref nextGroup))
                decodeGroup(frames, decoder, groups[g], state);
        });
    }

    /// <summary>Room for the largest block to decode, in events: see <see cref="LargestBlock"/>.</summary>
    private static int BufferEvents(IReadOnlyList<IReadOnlyList<FrameLocation>> groups) => LargestBlock(groups).Events;

    /// <summary>
    /// Room for the largest block to decode: its events, at most <see cref="SegmentFormat.MaxBlockEvents"/> (a small
    /// recording's few events need no full-size buffers), and its stored and raw payload, each at most
    /// <see cref="ReservedFrameBytes"/>. A larger block, which only a damaged file holds, grows its buffers when read: its
    /// events in <see cref="Decode"/>, a merged group's in <see cref="Merge"/>, its payload in the frame reader.
    /// </summary>
    private static (int Events, int StoredBytes, int RawBytes) LargestBlock(IReadOnlyList<IReadOnlyList<FrameLocation>> groups)
    {
        int events = 0, stored = 0, raw = 0;
        foreach (var group in groups)
            foreach (var block in group)
                (events, stored, raw) = (Math.Max(events, block.Header.Count), Math.Max(stored, block.Header.StoredBytes), Math.Max(raw, block.Header.RawBytes));
        return (Math.Min(events, SegmentFormat.MaxBlockEvents), Math.Min(stored, ReservedFrameBytes), Math.Min(raw, ReservedFrameBytes));
    }

    // Well above a full block's payload (65,536 events of a few bytes each).
    private const int ReservedFrameBytes = 16 << 20;

    private void Produce(Worker worker)
    {
        using var frames = new FrameReader();
        var decoder = new EventBlockDecoder();
        try
        {
            for (int g = worker.First; g < groups.Count; g += workers.Length)
            {
                var buffer = worker.Free.Take(stop.Token);
                int count = DecodeGroup(frames, decoder, groups[g], ref buffer, warn, blockDecoded);
                worker.Decoded.Add((buffer, count), stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            worker.Decoded.CompleteAdding();
        }
    }

    private static int DecodeGroup(FrameReader frames, EventBlockDecoder decoder, IReadOnlyList<FrameLocation> group, ref IoEvent[] buffer,
        Action<string> warn, Action blockDecoded) =>
        group.Count == 1
            ? Decode(frames, decoder, group[0], ref buffer, warn, blockDecoded)
            : Merge(frames, decoder, group, ref buffer, warn, blockDecoded);

    private static int Merge(FrameReader frames, EventBlockDecoder decoder, IReadOnlyList<FrameLocation> group, ref IoEvent[] buffer,
        Action<string> warn, Action blockDecoded)
    {
        var merged = new List<IoEvent>();
        foreach (var block in group)
        {
            int count = Decode(frames, decoder, block, ref buffer, warn, blockDecoded);
            merged.AddRange(buffer.AsSpan(0, count));
        }
        if (buffer.Length < merged.Count)
            buffer = new IoEvent[merged.Count];
        // OrderBy is stable: equal timestamps keep the order they were written in.
        int i = 0;
        foreach (var e in merged.OrderBy(e => e.TimestampNs))
            buffer[i++] = e;
        return i;
    }

    /// <summary>Decodes one block; a damaged one yields nothing and a warning.</summary>
    private static int Decode(FrameReader frames, EventBlockDecoder decoder, FrameLocation block, ref IoEvent[] buffer,
        Action<string> warn, Action blockDecoded)
    {
        blockDecoded();
        try
        {
            return decoder.Decode(frames.Read(block), block.Header, ref buffer);
        }
        catch (Exception e) when (e is SegmentFormatException or IOException)
        {
            Skipped(block, e, warn);
            return 0;
        }
    }

    /// <summary>Decodes one block into the decoder's columns; a damaged one yields none and a warning.</summary>
    private static EventColumns DecodeColumns(FrameReader frames, EventBlockDecoder decoder, FrameLocation block, Action<string> warn, Action blockDecoded)
    {
        blockDecoded();
        try
        {
            return decoder.DecodeColumns(frames.Read(block), block.Header);
        }
        catch (Exception e) when (e is SegmentFormatException or IOException)
        {
            Skipped(block, e, warn);
            return default;
        }
    }

    private static void Skipped(FrameLocation block, Exception e, Action<string> warn) =>
        warn($"{System.IO.Path.GetFileName(block.SegmentPath)} at byte {block.Offset}: block of {block.Header.Count} events skipped: {e.Message}");

    public void Dispose()
    {
        stop.Cancel();
        foreach (var worker in workers)
        {
            worker.Thread?.Join();
            worker.Dispose();
        }
        stop.Dispose();
    }
}
