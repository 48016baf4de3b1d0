using ProcNetMon2.Schema;
using Xunit;

namespace ProcNetMon2.IntegrationTests;

/// <summary>Connections that carry no payload (health checks, port scans) still belong to a process at each end.</summary>
public sealed class SocketOwnerTests
{
    private const int Connections = 200;

    [RootFact]
    public void ConnectAndCloseWithoutPayload_EachSocketOwnedByItsProcess_Sqlite() => ConnectAndClose("trace.db");

    [RootFact]
    public void ConnectAndCloseWithoutPayload_EachSocketOwnedByItsProcess_Segments() => ConnectAndClose("trace.pnm");

    /// <summary>Without tracefs the accept tracepoints cannot attach: the process that closes a server socket owns it.</summary>
    [RootFact]
    public void ConnectAndCloseWithoutPayload_WithoutTracefs_TheClosingServerOwnsItsSockets()
    {
        ToolRequirement.Ensure("unshare");
        using var session = RecordingSession.StartWithoutTracefs("trace.db");
        ConnectAndClose(session, "accept:unavailable");
    }

    private static void ConnectAndClose(string fileName)
    {
        using var session = RecordingSession.StartAs(fileName);
        ConnectAndClose(session, "accept:tracepoint");
    }

    private static void ConnectAndClose(RecordingSession session, string expectedAcceptBackend)
    {
        using var server = Traffic.StartServer("tcp-accept-server", "4", Connections.ToString(), out string portText);
        var client = Traffic.RunToEnd("tcp-connect-close", "4", portText, Connections.ToString());
        var serverResult = Traffic.Finish(server);
        session.Stop();

        Assert.Equal((0L, 0L, 0L), (client.Sent, client.Received, serverResult.Received));
        int port = int.Parse(portText);
        using var recording = RecordingFile.Open(session.Path);
        var pidOf = recording.ReadProcesses().ToDictionary(p => p.ProcessId, p => p.Pid);
        var sockets = recording.ReadSockets().Where(s => s.Protocol == 6).ToList();
        var serverSide = sockets.Where(s => s.LocalPort == port).ToList();
        var clientSide = sockets.Where(s => s.RemotePort == port).ToList();

        Assert.Equal(Connections, serverSide.Count);
        Assert.Equal(Connections, clientSide.Count);
        Assert.All(serverSide, s => Assert.Equal((serverResult.Pid, "server"), (pidOf.GetValueOrDefault(s.ProcessId), s.Role)));
        Assert.All(clientSide, s => Assert.Equal((client.Pid, "client"), (pidOf.GetValueOrDefault(s.ProcessId), s.Role)));
        Assert.Contains(expectedAcceptBackend, recording.Info.Backend);
    }
}
