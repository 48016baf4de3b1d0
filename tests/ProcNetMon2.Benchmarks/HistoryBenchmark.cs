using System.Diagnostics;
using ProcNetMon2.Cli;
using ProcNetMon2.Schema;
using ProcNetMon2.Schema.Segments;

namespace ProcNetMon2.Benchmarks;

/// <summary>
/// A rotated segment history as `pnm record --rotate 1h` leaves it after some days: a flush a second (events,
/// the recorder's statistics window, some sockets' packet counts), a segment an hour. Times `pnm report DIR
/// --since -1h` (open and report, in-process and as a child process), best of several runs. --keep leaves the recording in the temp folder.
/// </summary>
internal sealed class HistoryBenchmark(int days, int eventsPerSecond, int flowSockets, int runs, bool keepFiles, TextWriter output)
{
    private const long Second = 1_000_000_000;
    private const int Processes = 50, Sockets = 200;

    public async Task RunAsync()
    {
        string directory = Path.Combine(Path.GetTempPath(), "pnm-bench-history");
        if (Directory.Exists(directory))
            Directory.Delete(directory, recursive: true);
        Directory.CreateDirectory(directory);
        string recording = Path.Combine(directory, "week.pnm");
        try
        {
            var clock = Stopwatch.StartNew();
            long events = Write(recording);
            output.WriteLine($"history benchmark: {days} days, {events:N0} events, a flush a second with {flowSockets} sockets' packet counts, {SegmentFormat.SegmentFiles(recording).Count} hourly segments, "
                + $"{Directory.EnumerateFiles(recording).Sum(f => new FileInfo(f).Length) / 1048576.0:N0} MiB; written in {clock.Elapsed.TotalSeconds:F1} s");
            string[] lastHour = ["report", recording, "--since", "-1h", "--format", "csv"];
            double best = double.MaxValue;
            for (int run = 1; run <= runs; run++)
            {
                GC.Collect();
                clock.Restart();
                int code = await PnmCli.RunAsync(lastHour, TextWriter.Null, TextWriter.Null);
                double seconds = clock.Elapsed.TotalSeconds;
                if (code != 0)
                    throw new InvalidOperationException($"pnm report failed ({code})");
                output.WriteLine($"  run {run}: pnm report --since -1h in-process: {seconds:F2} s");
                best = Math.Min(best, seconds);
            }
            var child = AnalysisBenchmark.Child(lastHour);
            output.WriteLine($"best in-process {best:F2} s; as a child process {child.Seconds:F2} s, peak RSS {child.PeakRssMiB:N0} MiB (target: under 1 s)");
        }
        finally
        {
            if (keepFiles)
                output.WriteLine($"kept {recording}");
            else
                Directory.Delete(directory, recursive: true);
        }
    }

    private long Write(string path)
    {
        var time = new ManualClock();
        using var writer = SegmentRecordingWriter.Create(path, new SegmentRotation { RotateAfter = TimeSpan.FromHours(1) }, time);
        writer.Begin(AnalysisBenchmark.Info() with { FormatVersion = FormatVersion.Segments, StartedNs = AnalysisBenchmark.StartedNs });
        for (int p = 1; p <= Processes; p++)
            writer.UpsertProcess(AnalysisBenchmark.Process(p));
        for (int s = 1; s <= Sockets; s++)
            writer.UpsertSocket(AnalysisBenchmark.Socket(s) with { ProcessId = SyntheticEvents.ProcessOf(s, Processes) });
        var generator = new SyntheticEvents(Processes, Sockets, AnalysisBenchmark.StartedNs, random => random.NextInt64(1, 2 * Second / eventsPerSecond));
        var batch = new IoEvent[eventsPerSecond];
        long written = 0, seconds = days * 86_400L;
        for (long second = 0; second < seconds; second++)
        {
            long windowNs = AnalysisBenchmark.StartedNs + second * Second;
            generator.Fill(batch);
            int count = batch.Count(e => e.TimestampNs < windowNs + Second);
            writer.AddEvents(batch.AsSpan(0, count));
            written += count;
            writer.AddRecorderStats(new RecorderStatsRecord
            {
                WindowStartNs = windowNs, WindowEndNs = windowNs + Second, CpuSeconds = 0.001, RssBytes = 80 << 20,
                RingFillPeakBytes = 4096, EventsSubmitted = count, EventsFiltered = 0,
            });
            writer.AddPacketFlows(Enumerable.Range(1, flowSockets).Select(s => new PacketFlowRecord
            {
                WindowStartNs = windowNs, WindowEndNs = windowNs + Second, SocketId = s, Ifindex = 2, Direction = (Direction)(s % 2),
                Family = AddressFamily.Inet, Protocol = IpProtocol.Tcp, RemoteAddr = $"10.1.0.{s}", RemotePort = 443, Packets = 10, Bytes = 15_000,
            }).ToList());
            time.Now = time.Now.AddSeconds(1);
            writer.Flush();
        }
        writer.Finish(AnalysisBenchmark.StartedNs + seconds * Second);
        return written;
    }

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
