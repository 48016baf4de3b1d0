namespace ProcNetMon2.Tests.Analyze.Export;

/// <summary>
/// Recordings of three hosts that overlap in time, as a fleet ships them: the same programs (nginx, curl)
/// with the same pids on every host, one program of each host's own, random traffic over twelve seconds
/// with calls the kernel summarized, and one host whose recording crosses midnight (two dates, two hours).
/// </summary>
internal static class FleetRecordings
{
    public static readonly string[] Hosts = ["web-1", "web-2", "db-1"];

    public static string[] Write(TemporaryDirectory directory, int seed = 7) =>
        Hosts.Select((host, index) => Recording(host, index, seed).WriteTo(directory.File($"{host}.db"))).ToArray();

    private static TestRecording Recording(string host, int index, int seed)
    {
        var random = new Random(seed + index);
        var start = index switch
        {
            0 => TestRecording.StartedWallClock,
            1 => TestRecording.StartedWallClock.AddSeconds(2.5),
            _ => TestRecording.StartedWallClock.AddSeconds(-3.25),
        };
        var recording = new TestRecording().OnHost(host).StartingOnTheWallClockAt(start).StoppedAt(12)
            .Process(1, 100, "nginx").Process(2, 200, "curl").Process(3, 300 + index, host.StartsWith("db") ? "postgres" : $"app-{index}");
        for (int socket = 1; socket <= 6; socket++)
        {
            double firstSeen = socket * 1.5;
            recording.Socket(new SocketRecord
            {
                SocketId = socket, ProcessId = 1 + socket % 3, Family = AddressFamily.Inet, Protocol = socket == 6 ? IpProtocol.Udp : IpProtocol.Tcp,
                LocalAddr = "10.0.0.1", LocalPort = 40_000 + socket, RemoteAddr = $"10.{index}.0.{socket}", RemotePort = socket == 6 ? 53 : 443,
                FirstSeenNs = TestRecording.At(firstSeen), LastSeenNs = TestRecording.At(11.5), App = socket == 6 ? "dns" : "tls",
            });
            int events = 20 + random.Next(60);
            for (int e = 0; e < events; e++)
            {
                double at = firstSeen + random.NextDouble() * (11.9 - firstSeen);
                long bytes = random.Next(10) == 0 ? random.Next(1, 60_000) : random.Next(1, 1_500);
                if (random.Next(3) == 0)
                    recording.Rx(at, 1 + socket % 3, socket, bytes);
                else
                    recording.Tx(at, 1 + socket % 3, socket, bytes);
            }
        }
        return recording.Summarized(4.2, 1, socketId: 1, Direction.Tx, bytes: 123_456, calls: 40);
    }
}
