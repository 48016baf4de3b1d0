using System.Diagnostics;
using System.Runtime.InteropServices;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Benchmarks;

/// <summary>
/// Synthetic events through each recording writer and reader: a realistic mix of many small sends,
/// a few flows dominating, bursty timestamps.
/// </summary>
internal sealed class StorageBenchmark(int events, string formats, TextWriter output)
{
    private const int Processes = 12, Sockets = 200;

    public void Run()
    {
        var batch = Generate();
        output.WriteLine($"storage benchmark: {events:N0} synthetic events, {Processes} processes, {Sockets} sockets");
        output.WriteLine($"{"format",-9} {"write events/s",15} {"(inserts only)",15} {"bytes/event",12} {"scan+sum events/s",18} {"(second scan)",15}");
        if (formats is "all" or "sqlite")
            Measure("sqlite", Path.Combine(Path.GetTempPath(), "pnm-bench-storage.db"), batch);
        if (formats is "all" or "segments")
            Measure("segments", Path.Combine(Path.GetTempPath(), "pnm-bench-storage.pnm"), batch);
    }

    /// <summary>Writes as the recorder does (a flush a second), closes, then scans and sums bytes per process.</summary>
    private void Measure(string format, string path, IoEvent[] batch)
    {
        RecordingFile.Delete(path);
        var clock = Stopwatch.StartNew();
        double insertSeconds;
        using (var writer = RecordingFile.Create(path))
        {
            writer.Begin(Info());
            for (int p = 1; p <= Processes; p++)
                writer.UpsertProcess(new ProcessRecord { ProcessId = p, Pid = 1000 + p, Comm = $"proc{p}", FirstSeenNs = 0 });
            for (int s = 1; s <= Sockets; s++)
                writer.UpsertSocket(new SocketRecord
                {
                    SocketId = s, ProcessId = SyntheticEvents.ProcessOf(s, Processes), Family = 2, Protocol = 6, LocalAddr = "127.0.0.1",
                    LocalPort = 40000 + s, RemoteAddr = "127.0.0.1", RemotePort = 443, FirstSeenNs = 0, LastSeenNs = 0,
                });
            const int perFlush = 200_000; // about one second of a busy host
            for (int start = 0; start < batch.Length; start += perFlush)
            {
                writer.AddEvents(batch.AsSpan(start, Math.Min(perFlush, batch.Length - start)));
                writer.Flush();
            }
            insertSeconds = clock.Elapsed.TotalSeconds;
            writer.Finish(batch[^1].TimestampNs);
        }
        double writeSeconds = clock.Elapsed.TotalSeconds;
        long bytes = Directory.Exists(path)
            ? Directory.EnumerateFiles(path).Sum(f => new FileInfo(f).Length)
            : new FileInfo(path).Length;

        // The first scan includes the JIT's tiering (what a one-off pnm report pays); the second is warm.
        double coldSeconds = Scan(format, path, batch.Length);
        double warmSeconds = Scan(format, path, batch.Length);

        output.WriteLine($"{format,-9} {events / writeSeconds,15:N0} {events / insertSeconds,15:N0} {(double)bytes / events,12:F1} {events / coldSeconds,18:N0} {events / warmSeconds,15:N0}");
        RecordingFile.Delete(path);
    }

    /// <summary>Reads every event and sums bytes per process; returns the seconds it took.</summary>
    private static double Scan(string format, string path, long expected)
    {
        var clock = Stopwatch.StartNew();
        var totals = new Dictionary<long, long>();
        long scanned = 0;
        using (var reader = RecordingFile.Open(path))
            foreach (var e in reader.ReadEvents())
            {
                CollectionsMarshal.GetValueRefOrAddDefault(totals, e.ProcessId, out _) += e.Bytes;
                scanned++;
            }
        double seconds = clock.Elapsed.TotalSeconds;
        if (scanned != expected)
            throw new InvalidOperationException($"{format}: scanned {scanned} events of {expected}");
        return seconds;
    }

    private IoEvent[] Generate()
    {
        var result = new IoEvent[events];
        // Bursts: mostly microseconds apart, now and then a pause of up to 50 ms.
        new SyntheticEvents(Processes, Sockets, startNs: 1_000_000_000,
            random => random.Next(100) == 0 ? random.Next(50_000_000) : random.Next(200, 5_000)).Fill(result);
        return result;
    }

    private static RecordingInfo Info() => new()
    {
        FormatVersion = FormatVersion.Sqlite, PnmVersion = "bench", Host = "bench", KernelRelease = "bench", Backend = "synthetic",
        Programs = "", Filters = "", RingBytes = 0, StartedNs = 0, MonotonicToWallNs = 0,
    };
}
