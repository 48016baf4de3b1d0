using System.Buffers.Binary;
using ProcNetMon2.Bpf;
using ProcNetMon2.Record;

namespace ProcNetMon2.Tests.Record;

/// <summary>
/// The recorder's drain → writer handoff fed with synthetic ring records: every record arrives once,
/// whole and in ring order, on the writer thread; the drain never waits for the writer below the
/// queue bound and waits at it; a writer failure stops both threads and surfaces as raised; a drain failure
/// still lets the writer write everything read before it.
/// </summary>
public sealed class RecordingPipelineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void Batch_ReturnsRecordsWholeAndInOrder_UntilFull()
    {
        var batch = new RecordBatch(capacity: 1000);
        var appended = new List<byte[]>();
        for (int i = 0; ; i++)
        {
            byte[] record = SyntheticRecord(i);
            if (!batch.TryAppend(record))
                break;
            appended.Add(record);
        }

        Assert.InRange(batch.Bytes, 1000 - (4 + SyntheticRecord(appended.Count).Length) + 1, 1000);
        Assert.Equal(appended.Count, batch.Count);
        Assert.Equal(appended, Records(batch));

        batch.Clear();
        Assert.True(batch.IsEmpty);
        Assert.Empty(Records(batch));
        byte[] oversize = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();
        Assert.True(batch.TryAppend(oversize), "an empty batch must take a record larger than its capacity");
        Assert.Equal([oversize], Records(batch));
    }

    [Fact]
    public async Task Handoff_AtTheBound_DrainWaitsUntilTheWriterReturnsABatch()
    {
        var handoff = new BatchHandoff(batchBytes: 64, maxBatches: 2);
        handoff.Publish(handoff.Rent()!);
        handoff.Publish(handoff.Rent()!);

        var third = Task.Run(handoff.Rent);
        await Task.Delay(200);
        Assert.False(third.IsCompleted, "a third batch was handed out beyond the bound of two");

        var written = handoff.Take(Timeout)!;
        handoff.Return(written);
        Assert.Same(written, await third.WaitAsync(Timeout));
        Assert.Equal(2, handoff.Created);
    }

    [Fact]
    public void Handoff_AfterABurst_LetsGoOfThePooledBatchesNoRentReachedSinceTheLastRelease()
    {
        var handoff = new BatchHandoff(batchBytes: 64, maxBatches: 64);
        var burst = Enumerable.Range(0, 20).Select(_ => handoff.Rent()!).ToList();
        burst.ForEach(handoff.Publish);
        while (handoff.Take(TimeSpan.Zero) is { } written)
            handoff.Return(written);
        Assert.Equal(0, handoff.ReleaseSpares(keep: 4)); // the burst drew on the pool until now
        Assert.Equal(20, handoff.Created);

        var ordinary = new[] { handoff.Rent()!, handoff.Rent()! }; // a quiet second needs two
        foreach (var batch in ordinary)
            handoff.Return(batch);
        Assert.Equal(14, handoff.ReleaseSpares(keep: 4)); // 18 were never reached, 4 of them kept
        Assert.Equal(6, handoff.Created);
        Assert.Equal(2, handoff.ReleaseSpares(keep: 4)); // the two the quiet second used, unused since
        Assert.Equal(4, handoff.Created);
        Assert.Equal(0, handoff.ReleaseSpares(keep: 4));
    }

    [Fact]
    public void Handoff_ABatchInUseAtARelease_IsLetGoOnlyAfterAWholePeriodUnused()
    {
        var handoff = new BatchHandoff(batchBytes: 64, maxBatches: 8);
        var rented = Enumerable.Range(0, 8).Select(_ => handoff.Rent()!).ToList();
        Assert.Equal(0, handoff.ReleaseSpares(keep: 0));
        rented.ForEach(handoff.Return);
        Assert.Equal(0, handoff.ReleaseSpares(keep: 0)); // returned within the period: maybe still needed
        Assert.Equal(8, handoff.Created);
        Assert.Equal(8, handoff.ReleaseSpares(keep: 0));
        Assert.Equal(0, handoff.Created);
        Assert.NotNull(handoff.Rent()); // a new burst allocates again
    }

    [Fact]
    public void Handoff_Completed_WriterTakesEverythingThenFinishes()
    {
        var handoff = new BatchHandoff(batchBytes: 64, maxBatches: 4);
        var first = handoff.Rent()!;
        first.TryAppend([1]);
        var second = handoff.Rent()!;
        second.TryAppend([2]);
        handoff.Publish(first);
        handoff.Publish(second);
        handoff.Complete();

        Assert.False(handoff.Finished);
        Assert.Same(first, handoff.Take(Timeout));
        Assert.Same(second, handoff.Take(Timeout));
        Assert.Null(handoff.Take(Timeout));
        Assert.True(handoff.Finished);
    }

    [Fact]
    public void Pipeline_DeliversEveryRecordOnceInRingOrder_OnTheWriterThread()
    {
        const int total = 300_000;
        var ring = new SyntheticRing(total);
        var writer = new CheckingWriter();
        var secondsOnWriterThread = 0;
        using (var pipeline = new RecordingPipeline(writer, _ => { if (Thread.CurrentThread.Name == RecorderThreads.Write) secondsOnWriterThread++; },
                   TimeSpan.FromMilliseconds(5), batchBytes: 4096, maxBatches: 16))
        {
            ring.Handler = pipeline.RingHandler;
            pipeline.Start(ring.PollAndConsume);
            Assert.True(ring.Exhausted.Wait(Timeout));
            pipeline.Finish();
        }

        Assert.Equal(total, writer.Received);
        Assert.Empty(writer.Problems);
        Assert.True(secondsOnWriterThread > 0, "the once-a-second work never ran on the writer thread");
    }

    [Fact]
    public void Pipeline_BlockedWriter_DoesNotStopTheDrainBelowTheBound()
    {
        const int total = 5_000; // ~110 KiB of records: fewer than 64 batches of 4 KiB, even with a partial one per poll
        var ring = new SyntheticRing(total);
        var writer = new CheckingWriter { Gate = new ManualResetEventSlim() };
        using (var pipeline = new RecordingPipeline(writer, _ => { }, TimeSpan.FromSeconds(1), batchBytes: 4096, maxBatches: 64))
        {
            ring.Handler = pipeline.RingHandler;
            pipeline.Start(ring.PollAndConsume);
            try
            {
                Assert.True(ring.Exhausted.Wait(Timeout), "the drain stopped while the writer was blocked");
                Assert.Equal(0, writer.Received);
            }
            finally
            {
                writer.Gate.Set();
            }
            pipeline.Finish();
        }

        Assert.Equal(total, writer.Received);
        Assert.Empty(writer.Problems);
    }

    [Fact]
    public void Pipeline_WriterFailure_StopsBothThreadsAndFinishRethrowsIt()
    {
        var ring = new SyntheticRing(int.MaxValue);
        var writer = new CheckingWriter { FailAt = 1_000 };
        using var pipeline = new RecordingPipeline(writer, _ => { }, TimeSpan.FromSeconds(1), batchBytes: 4096, maxBatches: 4);
        ring.Handler = pipeline.RingHandler;
        pipeline.Start(ring.PollAndConsume);

        Assert.True(pipeline.Failed.WaitOne(Timeout));
        var failure = Assert.Throws<IOException>(pipeline.Finish);
        Assert.Equal("disk full (test)", failure.Message);
        Assert.Equal(1_000, writer.Received);
    }

    [Fact]
    public void Pipeline_DrainFailure_WritesEverythingReadBeforeIt_AndSaysWhy()
    {
        var ring = new SyntheticRing(int.MaxValue) { FailAfter = 20_000 };
        var writer = new CheckingWriter();
        using var pipeline = new RecordingPipeline(writer, _ => { }, TimeSpan.FromSeconds(1), batchBytes: 4096, maxBatches: 64);
        ring.Handler = pipeline.RingHandler;
        pipeline.Start(ring.PollAndConsume);

        Assert.True(pipeline.Failed.WaitOne(Timeout));
        pipeline.Finish();
        Assert.Equal("ring buffer poll failed (test)", pipeline.DrainFailure?.Message);
        Assert.True(ring.Read >= 20_000);
        Assert.Equal(ring.Read, writer.Received);
        Assert.Empty(writer.Problems);
    }

    private static byte[] SyntheticRecord(long sequence)
    {
        // A sequence number and 0–19 filler bytes: records of varying length, as the ring holds them.
        var record = new byte[8 + (int)(sequence % 20)];
        BinaryPrimitives.WriteInt64LittleEndian(record, sequence);
        record.AsSpan(8).Fill((byte)sequence);
        return record;
    }

    private static List<byte[]> Records(RecordBatch batch)
    {
        var records = new List<byte[]>();
        foreach (var record in batch)
            records.Add(record.ToArray());
        return records;
    }

    /// <summary>Stands in for the ring: each poll hands a varying number of records to the handler, in sequence.</summary>
    private sealed class SyntheticRing(long total)
    {
        private long next;
        public IRingSampleHandler? Handler { get; set; }
        public ManualResetEventSlim Exhausted { get; } = new();
        /// <summary>Polls fail once this many records have been read.</summary>
        public long FailAfter { get; init; } = long.MaxValue;
        public long Read => next;

        public int PollAndConsume(int timeoutMs)
        {
            if (next >= FailAfter)
                throw new InvalidOperationException("ring buffer poll failed (test)");
            int count = (int)Math.Min(Random.Shared.Next(0, 3000), total - next);
            for (int i = 0; i < count; i++)
                Handler!.OnSample(SyntheticRecord(next++));
            if (next == total)
                Exhausted.Set();
            return count;
        }
    }

    /// <summary>The writer side: checks each record against the sequence it must continue.</summary>
    private sealed class CheckingWriter : IRingSampleHandler
    {
        public int Received;
        public List<string> Problems { get; } = [];
        public ManualResetEventSlim? Gate { get; init; }
        public int FailAt { get; init; } = -1;

        public void OnSample(ReadOnlySpan<byte> sample)
        {
            Gate?.Wait();
            if (Received == FailAt)
                throw new IOException("disk full (test)");
            if (!sample.SequenceEqual(SyntheticRecord(Received)))
                Problems.Add($"record {Received}: got {Convert.ToHexString(sample)}");
            if (Thread.CurrentThread.Name != RecorderThreads.Write)
                Problems.Add($"record {Received} on thread {Thread.CurrentThread.Name}");
            Received++;
        }
    }
}
