using ProcNetMon2.Analyze;

namespace ProcNetMon2.Tests.Analyze;

/// <summary>A random recording with every kind of traffic a scan adds up, for comparing two paths of the scan.</summary>
internal static class RandomTrafficRecording
{
    private const int Sockets = 12;

    /// <summary>No filter, or one by pid, by remote or by protocol.</summary>
    public static TrafficFilter FilterOf(string filter) => filter switch
    {
        "none" => TrafficFilter.None,
        "pid" => new TrafficFilter { Pids = [101, 103] },
        // A remote filter counts an unconnected UDP socket's payload from its packets, by peer.
        "remote" => new TrafficFilter { Remotes = [System.Net.IPNetwork.Parse("10.0.0.0/30")] },
        "proto" => new TrafficFilter { Protos = ["udp"] },
        _ => throw new ArgumentOutOfRangeException(nameof(filter)),
    };

    /// <summary>
    /// Four processes and twelve sockets, a third of them unconnected UDP with packets from several peers; events of
    /// random pairs, among them sockets shared by two processes, sockets the recording does not know and socket 0;
    /// calls the kernel summarized; packets; retransmits.
    /// </summary>
    public static string Write(Random random, TemporaryDirectory directory)
    {
        var recording = new TestRecording().StoppedAt(10);
        for (int process = 1; process <= 4; process++)
            recording.Process(process, 100 + process, $"p{process}");
        for (int socket = 1; socket <= Sockets; socket++)
        {
            bool udp = socket % 3 == 0;
            recording.Socket(new SocketRecord
            {
                SocketId = socket,
                ProcessId = 1 + socket % 4,
                Family = AddressFamily.Inet,
                Protocol = udp ? IpProtocol.Udp : IpProtocol.Tcp,
                LocalAddr = "10.0.1.1",
                LocalPort = 40000 + socket,
                RemoteAddr = udp ? "0.0.0.0" : $"10.0.0.{socket % 6}",
                RemotePort = udp ? 0 : 443,
                FirstSeenNs = TestRecording.At(0),
                LastSeenNs = TestRecording.At(9),
                Retransmits = socket % 2,
            });
        }
        double at = 0;
        for (int i = 0; i < 400; i++)
        {
            at += random.NextDouble() * 0.024;
            long process = random.Next(0, 5), socket = random.Next(0, Sockets + 3);
            long bytes = random.Next(0, 3) == 0 ? 0 : random.Next(1, 5000);
            recording = random.Next(2) == 0 ? recording.Tx(at, process, socket, bytes) : recording.Rx(at, process, socket, bytes);
        }
        for (int i = 0; i < 10; i++)
            recording.Summarized(random.Next(0, 9), random.Next(1, 5), random.Next(1, Sockets + 1), random.Next(2) == 0 ? Direction.Tx : Direction.Rx,
                random.Next(1, 100000), random.Next(1, 50));
        for (int i = 0; i < 30; i++)
            recording.Flow(random.Next(0, 9), random.Next(1, Sockets + 1), random.Next(2) == 0 ? Direction.Tx : Direction.Rx, random.Next(1, 20),
                random.Next(100, 30000), remoteAddr: $"10.0.0.{random.Next(0, 6)}", remotePort: 53);
        for (int i = 0; i < 5; i++)
            recording.Incident(random.NextDouble() * 9, random.Next(1, Sockets + 1));
        return recording.WriteTo(directory.File($"recording-{random.Next()}.db"));
    }
}
