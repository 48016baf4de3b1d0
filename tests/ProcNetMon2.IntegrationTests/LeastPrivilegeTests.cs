using System.Globalization;
using Xunit;

namespace ProcNetMon2.IntegrationTests;

/// <summary>
/// A running recorder holds only the capabilities docs/security.md lists, has no_new_privs, and still
/// records every kind of data, of other users' processes too, rotating segments as it goes.
/// </summary>
public sealed class LeastPrivilegeTests
{
    // docs/security.md, "What a running recorder keeps": CAP_SYS_PTRACE (bit 19) only, on kernels where
    // bpf() on an open map needs no capability (6.5 and later, as here).
    private const ulong DocumentedCapabilities = 1UL << 19;

    [RootFact]
    public void A_root_recorder_keeps_only_the_documented_capabilities_and_records_everything()
    {
        using var client = new TemporaryUser();
        using var session = RecordingSession.StartAs("trace.pnm", "--rotate-time", "1s");

        var status = Status(session.Pid);
        Assert.Equal("0", status["Uid"].Split('\t')[0]);
        AssertLeastPrivilege(session.Pid, status);
        AssertRecordsEverything(session, client);
    }

    [RootFact]
    public void A_recorder_run_with_user_continues_as_that_user_with_the_same_capabilities()
    {
        using var recorderUser = new TemporaryUser();
        using var client = new TemporaryUser();
        using var session = RecordingSession.StartAs("trace.pnm", "--rotate-time", "1s", "--user", recorderUser.Name);

        var status = Status(session.Pid);
        Assert.All(status["Uid"].Split('\t'), id => Assert.Equal(recorderUser.Uid.ToString(CultureInfo.InvariantCulture), id));
        AssertLeastPrivilege(session.Pid, status);
        // The runtime's own threads lose everything with the uid change.
        Assert.All(Threads(session.Pid), t => Assert.True((t.Effective & ~DocumentedCapabilities) == 0, $"thread {t.Name}: CapEff {t.Effective:x}"));
        AssertRecordsEverything(session, client);
        Assert.Equal(recorderUser.Uid.ToString(CultureInfo.InvariantCulture), ChildProcess.Run(TimeSpan.FromSeconds(30), "stat", "-c", "%u", session.Path).Stdout.Trim());
    }

    private static void AssertLeastPrivilege(int pid, IReadOnlyDictionary<string, string> status)
    {
        Assert.Equal(DocumentedCapabilities, Hex(status["CapEff"]));
        Assert.Equal(DocumentedCapabilities, Hex(status["CapPrm"]));
        Assert.Equal(0UL, Hex(status["CapInh"]));
        Assert.Equal(0UL, Hex(status["CapAmb"]));
        Assert.Equal("1", status["NoNewPrivs"]);
        // The recorder's own threads, started after the drop, inherit exactly the same.
        var recorderThreads = Threads(pid).Where(t => t.Name.StartsWith("pnm", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, recorderThreads.Count);
        Assert.All(recorderThreads, t => Assert.Equal((DocumentedCapabilities, DocumentedCapabilities), (t.Effective, t.Permitted)));
    }

    /// <summary>Socket I/O matching what the client counted, the connection's lifecycle, its packets, the other user's process with its exe, and rotation.</summary>
    private static void AssertRecordsEverything(RecordingSession session, TemporaryUser clientUser)
    {
        using var server = Traffic.StartServer("tcp-server", "4", "40000", out string port);
        var client = clientUser.RunTraffic("tcp-client", "4", port, "60000");
        var serverResult = Traffic.Finish(server);
        Thread.Sleep(2_500); // past two rotations
        session.Stop();

        int segments = Directory.GetFiles(session.Path, "segment-*").Length;
        Assert.True(segments >= 3, $"{segments} segments after 1 s rotation for over 3 s");
        string converted = Path.Combine(session.Directory, "converted.db");
        ChildProcess.RunOrFail(TestPaths.Pnm, "convert", session.Path, "-o", converted);
        using var db = new RecordingDatabase(converted);
        var socket = Assert.Single(db.SocketsOf(client.Pid));
        Assert.Equal((client.Sent, client.Received), (socket.TxBytes, socket.RxBytes));
        Assert.NotNull(socket.ConnectNs);
        Assert.NotNull(socket.EstablishedNs);
        Assert.NotNull(socket.CloseNs);
        Assert.True(db.Scalar<long>("SELECT COALESCE(SUM(packets), 0) FROM packet_flows WHERE socket_id = @id", new { id = socket.SocketId }) > 0,
            "no packets counted for the client's socket");
        var (uid, exe) = db.Single<(long, string?)>("SELECT uid, exe FROM processes WHERE pid = @pid AND comm = 'pnm-trafficgen'", new { pid = client.Pid });
        Assert.Equal(clientUser.Uid, uid);
        Assert.Equal(Path.GetFullPath(TestPaths.TrafficGen), exe);
        Assert.Equal((serverResult.Sent, serverResult.Received), db.Single<(long, long)>(
            "SELECT SUM(tx_bytes), SUM(rx_bytes) FROM socket_totals WHERE pid = @pid", new { pid = serverResult.Pid }));
    }

    private static IReadOnlyDictionary<string, string> Status(int pid) => Status($"/proc/{pid}/status");

    private static IReadOnlyDictionary<string, string> Status(string path) =>
        File.ReadLines(path).Select(l => l.Split(':', 2)).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1].Trim());

    private static ulong Hex(string value) => ulong.Parse(value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static List<(string Name, ulong Effective, ulong Permitted)> Threads(int pid) =>
        Directory.GetDirectories($"/proc/{pid}/task")
            .Select(task => (Name: File.ReadAllText(Path.Combine(task, "comm")).Trim(), Status: Status(Path.Combine(task, "status"))))
            .Select(t => (t.Name, Hex(t.Status["CapEff"]), Hex(t.Status["CapPrm"])))
            .ToList();
}
