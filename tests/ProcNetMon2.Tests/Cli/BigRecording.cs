using ProcNetMon2.Schema.Segments;

namespace ProcNetMon2.Tests.Cli;

/// <summary>A segment recording of 4M events of one socket: seconds of export work, so a signal lands mid-export even on a busy machine.</summary>
internal static class BigRecording
{
    public static string Write(string path)
    {
        using var writer = SegmentRecordingWriter.Create(path);
        writer.Begin(new TestRecording().Info with { StoppedNs = null });
        writer.UpsertProcess(new ProcessRecord { ProcessId = 1, Pid = 1200, Comm = "curl", Exe = "/usr/bin/curl", FirstSeenNs = TestRecording.StartedNs });
        writer.UpsertSocket(new SocketRecord
        {
            SocketId = 1, ProcessId = 1, Family = AddressFamily.Inet, Protocol = IpProtocol.Tcp, LocalAddr = "10.0.0.5", LocalPort = 43512,
            RemoteAddr = "93.184.216.34", RemotePort = 443, FirstSeenNs = TestRecording.StartedNs, LastSeenNs = TestRecording.StartedNs, App = "tls",
        });
        var events = new IoEvent[100_000];
        for (int batch = 0; batch < 40; batch++)
        {
            for (int i = 0; i < events.Length; i++)
                events[i] = new IoEvent(TestRecording.StartedNs + (batch * events.Length + i) * 1_000L, 1, 1200, 1, (Direction)(i % 2), i);
            writer.AddEvents(events);
        }
        writer.Finish(TestRecording.StartedNs + 5_000_000_000L);
        return path;
    }
}
