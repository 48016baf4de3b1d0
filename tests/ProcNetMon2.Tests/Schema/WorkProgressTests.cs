using ProcNetMon2.Tests.Analyze;

namespace ProcNetMon2.Tests.Schema;

/// <summary>Reads of events report their progress, in recording time, to whoever asked in this flow, and to nobody else.</summary>
public sealed class WorkProgressTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    private sealed class Recorder : IWorkProgress
    {
        public long Work, Done, Events;

        public void AddWork(long amount) => Interlocked.Add(ref Work, amount);

        public void Advance(long amount, long events)
        {
            Assert.True(amount >= 0);
            Interlocked.Add(ref Done, amount);
            Interlocked.Add(ref Events, events);
        }
    }

    private IRecordingSource Recording(string name)
    {
        var recording = new TestRecording().StoppedAt(100).Process(1, 100, "a").Socket(TrafficReportTests.Socket(1, 1));
        for (int i = 0; i < 1000; i++)
            recording.Tx(i * 0.1, 1, 1, 10);
        return recording.Open(directory, name);
    }

    [Theory]
    [InlineData("recording.db")]
    [InlineData("recording.pnm")]
    public void A_whole_read_reports_every_event_and_all_its_time(string name)
    {
        using var source = Recording(name);
        var recorder = new Recorder();

        using (WorkProgress.Use(recorder))
            Assert.Equal(1000, source.ReadEvents().Count());

        // The first event to the last, inclusive.
        Assert.Equal(TestRecording.At(99.9) - TestRecording.At(0) + 1, recorder.Work);
        Assert.Equal(recorder.Work, recorder.Done);
        Assert.Equal(1000, recorder.Events);
    }

    [Theory]
    [InlineData("recording.db")]
    [InlineData("recording.pnm")]
    public void A_parallel_read_of_a_range_reports_that_range(string name)
    {
        using var source = Recording(name);
        var recorder = new Recorder();

        using (WorkProgress.Use(recorder))
            source.ReadEventBatchesInParallel(TestRecording.At(10), TestRecording.At(20), () => new int[1], (count, batch) => count[0] += batch.Length);

        Assert.Equal(TestRecording.At(20) - TestRecording.At(10), recorder.Work);
        Assert.Equal(recorder.Work, recorder.Done);
        Assert.Equal(100, recorder.Events);
    }

    [Fact]
    public void Nothing_is_reported_once_the_scope_ends()
    {
        using var source = Recording("recording.pnm");
        var recorder = new Recorder();

        using (WorkProgress.Use(recorder))
        {
        }
        source.ReadEvents().Count();

        Assert.Null(WorkProgress.Current);
        Assert.Equal(0, recorder.Work);
    }

    public void Dispose() => directory.Dispose();
}
