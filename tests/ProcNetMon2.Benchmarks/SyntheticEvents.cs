using ProcNetMon2.Schema;

namespace ProcNetMon2.Benchmarks;

/// <summary>
/// A reproducible stream of I/O events in time order: a quarter of the sockets carry most events,
/// mostly small sends, bursty gaps between events as <paramref name="gap"/> draws them. Socket s
/// belongs to process s % processes + 1. Another <paramref name="seed"/> gives another stream of the same shape.
/// </summary>
internal sealed class SyntheticEvents(int processes, int sockets, long startNs, Func<Random, long> gap, int seed = 42)
{
    private readonly Random random = new(seed);
    private long timestampNs = startNs;

    public static long ProcessOf(int socket, int processes) => socket % processes + 1;

    /// <summary>The next events of the stream.</summary>
    public void Fill(Span<IoEvent> events)
    {
        for (int i = 0; i < events.Length; i++)
        {
            timestampNs += gap(random);
            // A few flows dominate: a quarter of the sockets carry most events.
            int socket = random.Next(4) == 0 ? random.Next(sockets) + 1 : random.Next(sockets / 8) + 1;
            long bytes = random.Next(10) == 0 ? random.Next(1, 65_536) : random.Next(1, 200);
            events[i] = new IoEvent(timestampNs, ProcessOf(socket, processes), 2000 + socket % 7, socket, (Direction)(random.Next(3) == 0 ? 1 : 0), bytes);
        }
    }
}
