using ProcNetMon2.Analyze;
using ProcNetMon2.Schema;
using ProcNetMon2.Tests.Schema;
using Xunit;

namespace ProcNetMon2.Tests.Analyze;

public sealed class ProcessReportBuilderTests : IDisposable
{
    private const long Second = TestRecording.NanosecondsPerSecond;
    private readonly TemporaryDirectory directory = new();

    private ProcessReport Build(TestRecording recording, int? top = null)
    {
        using var source = recording.Open(directory);
        return ProcessReportBuilder.Build(source, top);
    }

    [Fact]
    public void Totals_and_averages_are_over_the_whole_span()
    {
        var report = Build(new TestRecording().StoppedAt(4)
            .Process(1, 100, "curl")
            .Tx(0.1, 1, socketId: 7, bytes: 1000)
            .Rx(1.0, 1, socketId: 7, bytes: 400)
            .Tx(2.5, 1, socketId: 7, bytes: 3000));

        var row = Assert.Single(report.Rows);
        Assert.Equal(1, row.ProcessId);
        Assert.Equal(100, row.Pid);
        Assert.Equal("curl", row.Name);
        Assert.Equal(4000, row.TxBytes);
        Assert.Equal(400, row.RxBytes);
        Assert.Equal(1000.0, row.AvgTxBytesPerSec);
        Assert.Equal(100.0, row.AvgRxBytesPerSec);
        Assert.Equal(3000, row.PeakTxBytesPerSec);
        Assert.Equal(400, row.PeakRxBytesPerSec);
        Assert.Equal(1, row.Sockets);
    }

    [Fact]
    public void An_event_exactly_one_second_after_the_start_opens_the_second_window()
    {
        var report = Build(new TestRecording()
            .Process(1, 100, "sender")
            .Event(Tx(TestRecording.StartedNs, bytes: 50))
            .Event(Tx(TestRecording.StartedNs + Second - 1, bytes: 100))
            .Event(Tx(TestRecording.StartedNs + Second, bytes: 120))
            .Event(Tx(TestRecording.StartedNs + 2 * Second - 1, bytes: 10)));

        // Window 0 holds 50 + 100 = 150, window 1 holds 120 + 10 = 130.
        Assert.Equal(150, Assert.Single(report.Rows).PeakTxBytesPerSec);
    }

    [Fact]
    public void The_last_nanosecond_of_a_window_still_belongs_to_it()
    {
        var report = Build(new TestRecording()
            .Process(1, 100, "sender")
            .Event(Tx(TestRecording.StartedNs + 999_999_999, bytes: 100))
            .Event(Tx(TestRecording.StartedNs + 1_000_000_000, bytes: 200))
            .Event(Tx(TestRecording.StartedNs + 1_999_999_999, bytes: 1)));

        // 100 alone in window 0; 200 + 1 in window 1. A window straddling the boundary would give 300.
        Assert.Equal(201, Assert.Single(report.Rows).PeakTxBytesPerSec);
    }

    [Fact]
    public void Peaks_use_windows_aligned_to_the_start_not_a_sliding_window()
    {
        var report = Build(new TestRecording()
            .Process(1, 100, "sender")
            .Tx(0.6, 1, socketId: 1, bytes: 100)
            .Tx(1.4, 1, socketId: 1, bytes: 100));

        Assert.Equal(100, Assert.Single(report.Rows).PeakTxBytesPerSec);
    }

    [Fact]
    public void Peaks_are_kept_per_direction()
    {
        var report = Build(new TestRecording()
            .Process(1, 100, "both")
            .Tx(0.1, 1, socketId: 1, bytes: 10)
            .Rx(0.2, 1, socketId: 1, bytes: 500)
            .Tx(3.1, 1, socketId: 1, bytes: 70)
            .Tx(3.2, 1, socketId: 1, bytes: 5)
            .Rx(3.3, 1, socketId: 1, bytes: 20));

        var row = Assert.Single(report.Rows);
        Assert.Equal(75, row.PeakTxBytesPerSec);
        Assert.Equal(500, row.PeakRxBytesPerSec);
    }

    [Fact]
    public void Rows_are_sorted_by_total_bytes_then_by_pid()
    {
        var report = Build(new TestRecording()
            .Process(1, 300, "small").Process(2, 200, "tie-high-pid").Process(3, 100, "tie-low-pid").Process(4, 400, "big")
            .Tx(0.1, 1, socketId: 1, bytes: 10)
            .Rx(0.2, 2, socketId: 2, bytes: 500)
            .Tx(0.3, 3, socketId: 3, bytes: 200)
            .Rx(0.4, 3, socketId: 3, bytes: 300)
            .Tx(0.5, 4, socketId: 4, bytes: 9000));

        Assert.Equal(["big", "tie-low-pid", "tie-high-pid", "small"], report.Rows.Select(r => r.Name));
    }

    [Fact]
    public void Top_keeps_the_busiest_processes()
    {
        var recording = new TestRecording()
            .Process(1, 100, "a").Process(2, 200, "b").Process(3, 300, "c")
            .Tx(0.1, 1, socketId: 1, bytes: 1)
            .Tx(0.1, 2, socketId: 2, bytes: 3)
            .Tx(0.1, 3, socketId: 3, bytes: 2);

        var report = Build(recording, top: 2);

        Assert.Equal(["b", "c"], report.Rows.Select(r => r.Name));
        Assert.Equal(3, report.Summary.EventCount);
    }

    [Fact]
    public void Top_larger_than_the_number_of_processes_keeps_them_all()
    {
        var report = Build(new TestRecording().Process(1, 100, "a").Tx(0.1, 1, socketId: 1, bytes: 1), top: 50);

        Assert.Single(report.Rows);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Top_must_be_positive(int top)
    {
        using var source = new TestRecording().Open(directory);

        Assert.Throws<ArgumentOutOfRangeException>(() => ProcessReportBuilder.Build(source, top));
    }

    [Fact]
    public void Sockets_counts_each_distinct_socket_the_process_used()
    {
        var report = Build(new TestRecording()
            .Process(1, 100, "multi").Process(2, 200, "other")
            .Tx(0.1, 1, socketId: 1, bytes: 1)
            .Rx(0.2, 1, socketId: 2, bytes: 1)
            .Tx(0.3, 1, socketId: 1, bytes: 1)
            .Tx(0.4, 1, socketId: 3, bytes: 1)
            .Tx(0.5, 2, socketId: 3, bytes: 1));

        Assert.Equal([3, 1], report.Rows.Select(r => r.Sockets));
    }

    [Fact]
    public void Each_program_image_of_one_pid_gets_its_own_row()
    {
        var report = Build(new TestRecording()
            .Process(1, 100, "sh").Process(2, 100, "wget")
            .Tx(0.1, 1, socketId: 1, bytes: 10)
            .Tx(0.5, 2, socketId: 2, bytes: 90));

        Assert.Equal([("wget", 90L), ("sh", 10L)], report.Rows.Select(r => (r.Name, r.TxBytes)));
        Assert.All(report.Rows, row => Assert.Equal(100, row.Pid));
    }

    [Fact]
    public void Events_of_a_process_the_recording_has_no_details_of_are_still_counted()
    {
        var report = Build(new TestRecording().Tx(0.1, processId: 9, socketId: 1, bytes: 10));

        var row = Assert.Single(report.Rows);
        Assert.Null(row.Pid);
        Assert.Equal("?", row.Name);
        Assert.Equal(10, row.TxBytes);
    }

    [Fact]
    public void Processes_without_traffic_are_left_out()
    {
        var report = Build(new TestRecording().Process(1, 100, "idle"));

        Assert.Empty(report.Rows);
    }

    [Fact]
    public void A_stopped_recording_spans_to_its_stop_time_even_past_the_last_event()
    {
        var report = Build(new TestRecording().StoppedAt(10)
            .Process(1, 100, "a")
            .Tx(2, 1, socketId: 1, bytes: 5000));

        Assert.True(report.Summary.Complete);
        Assert.Equal(10.0, report.Summary.DurationSeconds);
        Assert.Equal(TestRecording.StartedWallClock, report.Summary.SpanStart);
        Assert.Equal(TestRecording.StartedWallClock.AddSeconds(10), report.Summary.SpanEnd);
        Assert.Equal(500.0, Assert.Single(report.Rows).AvgTxBytesPerSec);
    }

    [Fact]
    public void A_recording_that_was_never_stopped_spans_to_its_last_event()
    {
        var report = Build(new TestRecording().NeverStopped()
            .Process(1, 100, "a")
            .Tx(0.5, 1, socketId: 1, bytes: 1000)
            .Rx(2.5, 1, socketId: 1, bytes: 250));

        Assert.False(report.Summary.Complete);
        Assert.Equal(2.5, report.Summary.DurationSeconds);
        Assert.Equal(TestRecording.StartedWallClock.AddSeconds(2.5), report.Summary.SpanEnd);
        var row = Assert.Single(report.Rows);
        Assert.Equal(400.0, row.AvgTxBytesPerSec);
        Assert.Equal(100.0, row.AvgRxBytesPerSec);
    }

    [Fact]
    public void A_recording_never_stopped_and_without_events_spans_nothing()
    {
        var report = Build(new TestRecording().NeverStopped());

        Assert.Equal(0.0, report.Summary.DurationSeconds);
        Assert.Equal(report.Summary.SpanStart, report.Summary.SpanEnd);
        Assert.Equal(0, report.Summary.EventCount);
        Assert.Empty(report.Rows);
    }

    [Fact]
    public void A_zero_length_span_gives_zero_averages_but_real_peaks()
    {
        var report = Build(new TestRecording().StoppedAt(0)
            .Process(1, 100, "burst")
            .Event(Tx(TestRecording.StartedNs, bytes: 700))
            .Event(Tx(TestRecording.StartedNs, bytes: 300)));

        Assert.Equal(0.0, report.Summary.DurationSeconds);
        var row = Assert.Single(report.Rows);
        Assert.Equal(1000, row.TxBytes);
        Assert.Equal(0.0, row.AvgTxBytesPerSec);
        Assert.Equal(0.0, row.AvgRxBytesPerSec);
        Assert.Equal(1000, row.PeakTxBytesPerSec);
    }

    [Fact]
    public void The_summary_describes_the_recording()
    {
        var recording = new TestRecording().StoppedAt(3).WithFilters("--comm curl")
            .Process(1, 100, "a")
            .Tx(0.1, 1, socketId: 1, bytes: 1).Rx(0.2, 1, socketId: 1, bytes: 1).Tx(0.3, 1, socketId: 1, bytes: 1)
            .Loss(0, 5).Loss(2, 37);

        var summary = Build(recording).Summary;

        Assert.Equal(directory.File("recording.db"), summary.Path);
        Assert.Equal("test-host", summary.Host);
        Assert.Equal("6.8.0-test", summary.KernelRelease);
        Assert.Equal("fentry", summary.Backend);
        Assert.Equal("0.1.0", summary.PnmVersion);
        Assert.Equal("--comm curl", summary.Filters);
        Assert.Equal(3, summary.EventCount);
        Assert.Equal(42, summary.LostEvents);
        Assert.True(summary.Complete);
        Assert.Equal(3.0, summary.DurationSeconds);
    }

    [Fact]
    public void Events_are_read_in_a_single_streaming_pass()
    {
        using var inner = new TestRecording().Process(1, 100, "a")
            .Tx(0.1, 1, socketId: 1, bytes: 4).Tx(0.2, 1, socketId: 1, bytes: 6).Open(directory);
        var source = new EnumerationCountingSource(inner);

        var report = ProcessReportBuilder.Build(source);

        Assert.Equal(1, source.EventEnumerations);
        Assert.Equal(10, Assert.Single(report.Rows).TxBytes);
    }

    private static IoEvent Tx(long timestampNs, long bytes) =>
        new(timestampNs, ProcessId: 1, Tid: 1, SocketId: 1, Direction.Tx, bytes);

    public void Dispose() => directory.Dispose();

    private sealed class EnumerationCountingSource(IRecordingSource inner) : IRecordingSource
    {
        public int EventEnumerations { get; private set; }
        public string Path => inner.Path;
        public RecordingInfo Info => inner.Info;
        public IReadOnlyList<string> Warnings => inner.Warnings;
        public IReadOnlyList<ProcessRecord> ReadProcesses() => inner.ReadProcesses();
        public IReadOnlyList<SocketRecord> ReadSockets() => inner.ReadSockets();
        public IReadOnlyList<LossRecord> ReadLosses() => inner.ReadLosses();

        public IEnumerable<IoEvent> ReadEvents()
        {
            EventEnumerations++;
            return inner.ReadEvents();
        }

        public void Dispose() => inner.Dispose();
    }
}
