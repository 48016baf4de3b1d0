using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Diff;

namespace ProcNetMon2.Tests.Analyze.Diff;

/// <summary>A base and a new recording of the same small system, and a way to diff them.</summary>
internal static class DiffTestRecordings
{
    /// <summary>
    /// 4 s: curl (pid 100) sends 1000 B in second 0 and 1000 B in second 1 on a connection it opened with 2
    /// retransmits in 10 packets; sshd (pid 200) receives 400 B.
    /// </summary>
    public static TestRecording Base() => new TestRecording().StoppedAt(4)
        .Process(TrafficReportTests.Proc(1, 100, "curl") with { Uid = 1000, UserName = "alice" })
        .Process(TrafficReportTests.Proc(2, 200, "sshd") with { Uid = 0, UserName = "root" })
        .Socket(TrafficReportTests.Socket(1, 1) with { RemoteAddr = "93.184.216.34", RemotePort = 443, App = "tls", Role = "client", ConnectNs = TestRecording.At(0.4), Retransmits = 2 })
        .Socket(TrafficReportTests.Socket(2, 2) with { LocalPort = 22, RemoteAddr = "10.1.2.3", RemotePort = 51000, App = "ssh", Role = "server", EstablishedNs = TestRecording.At(0.05) })
        .Flow(0, socketId: 1, Direction.Tx, packets: 10, bytes: 1500, remoteAddr: "93.184.216.34", remotePort: 443)
        .Tx(0.5, 1, socketId: 1, bytes: 1000)
        .Tx(1.5, 1, socketId: 1, bytes: 1000)
        .Rx(0.1, 2, socketId: 2, bytes: 400);

    /// <summary>
    /// 2 s: curl, now pid 300, sends 3000 B in second 0 on a connection it opened, no retransmits; sshd is gone;
    /// nc (pid 400, user mallory) is new, talking to a new remote.
    /// </summary>
    public static TestRecording New() => new TestRecording().StoppedAt(2)
        .Process(TrafficReportTests.Proc(1, 300, "curl") with { Uid = 1000, UserName = "alice" })
        .Process(TrafficReportTests.Proc(2, 400, "nc") with { Uid = 1001, UserName = "mallory" })
        .Socket(TrafficReportTests.Socket(1, 1) with { RemoteAddr = "93.184.216.34", RemotePort = 443, App = "tls", Role = "client", ConnectNs = TestRecording.At(0.4) })
        .Socket(TrafficReportTests.Socket(2, 2) with { RemoteAddr = "10.9.9.9", RemotePort = 4444, Role = "client", ConnectNs = TestRecording.At(1.0) })
        .Flow(0, socketId: 1, Direction.Tx, packets: 20, bytes: 3500, remoteAddr: "93.184.216.34", remotePort: 443)
        .Tx(0.5, 1, socketId: 1, bytes: 3000)
        .Tx(1.2, 2, socketId: 2, bytes: 100);

    public static DiffResult Run(TemporaryDirectory directory, TestRecording before, TestRecording after, DiffOptions? options = null)
    {
        string run = Guid.NewGuid().ToString("N")[..8];
        using var baseSet = RecordingSet.Open([before.WriteTo(directory.File($"base-{run}.db"))]);
        using var newSet = RecordingSet.Open([after.WriteTo(directory.File($"new-{run}.db"))]);
        return RecordingDiff.Build(new DiffSideInput(baseSet), new DiffSideInput(newSet), options ?? new DiffOptions());
    }

    public static GroupChange Group(this DiffResult diff, string keyText) => diff.Groups.Single(g => g.KeyText == keyText);
}
