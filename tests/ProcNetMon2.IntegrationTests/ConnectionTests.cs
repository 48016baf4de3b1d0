using System.Text.Json;
using Xunit;

namespace ProcNetMon2.IntegrationTests;

/// <summary>Connection lifecycle, ownership and incidents against what the test itself did.</summary>
public sealed class ConnectionTests
{
    [RootFact]
    public void ClientAndServer_EachOwnTheirSocketWithRoleLifetimeAndBytes()
    {
        using var session = RecordingSession.Start();
        var (server, client) = Traffic.Tcp("4", 200_000, 3_000);
        session.Stop();

        using var db = new RecordingDatabase(session.Path);
        var clientSocket = Assert.Single(db.SocketsOf(client.Pid));
        var serverSocket = Assert.Single(db.SocketsOf(server.Pid));

        Assert.Equal(("client", 6L), (clientSocket.Role, clientSocket.Protocol));
        Assert.Equal(("server", 6L), (serverSocket.Role, serverSocket.Protocol));
        Assert.Equal(clientSocket.LocalPort, serverSocket.RemotePort);
        Assert.Equal(serverSocket.LocalPort, clientSocket.RemotePort);
        Assert.Equal((client.Sent, client.Received), (clientSocket.TxBytes, clientSocket.RxBytes));
        Assert.Equal((server.Sent, server.Received), (serverSocket.TxBytes, serverSocket.RxBytes));
        foreach (var socket in new[] { clientSocket, serverSocket })
        {
            Assert.Equal(("fin", "CLOSE"), (socket.CloseReason, socket.State));
            Assert.NotNull(socket.EstablishedNs);
            Assert.InRange(socket.CloseNs!.Value - socket.EstablishedNs!.Value, 1, 60_000_000_000L);
        }
        Assert.InRange(clientSocket.EstablishedNs!.Value - clientSocket.ConnectNs!.Value, 1, 1_000_000_000L);
        Assert.Null(serverSocket.ConnectNs);
    }

    [RootFact]
    public void ForkedChild_WritingOnAnInheritedSocket_IsAttributedToTheChild()
    {
        ToolRequirement.Ensure("python3");
        const int childBytes = 70_000, parentBytes = 5_000, reply = 1_234;
        const string script = """
            import json, os, socket, sys
            s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
            child = os.fork()
            if child == 0:
                s.sendall(b"c" * int(sys.argv[2]))
                os._exit(0)
            os.waitpid(child, 0)
            s.sendall(b"p" * int(sys.argv[3]))
            s.shutdown(socket.SHUT_WR)
            received = 0
            while True:
                data = s.recv(65536)
                if not data:
                    break
                received += len(data)
            print(json.dumps({"parent": os.getpid(), "child": child, "received": received}))
            """;
        using var session = RecordingSession.Start();
        using var server = Traffic.StartServer("tcp-server", "4", reply.ToString(), out string port);
        var (code, stdout, stderr) = ChildProcess.Run(TimeSpan.FromSeconds(60), "python3", "-c", script, port, childBytes.ToString(), parentBytes.ToString());
        Assert.True(code == 0, stderr);
        var serverResult = Traffic.Finish(server);
        session.Stop();

        using var result = JsonDocument.Parse(stdout);
        int parent = result.RootElement.GetProperty("parent").GetInt32(), child = result.RootElement.GetProperty("child").GetInt32();
        Assert.Equal(reply, result.RootElement.GetProperty("received").GetInt64());
        var report = PnmReport.Of(session.Path);
        Assert.Equal((childBytes, 0L), report.BytesOf(child));
        Assert.Equal((parentBytes, (long)reply), report.BytesOf(parent));
        Assert.Equal((serverResult.Sent, serverResult.Received), report.BytesOf(server.Pid));

        using var db = new RecordingDatabase(session.Path);
        Assert.Equal(parent, db.Scalar<long>("SELECT parent_pid FROM processes WHERE pid = @child AND fork_ns IS NOT NULL", new { child }));
        // One connection, owned by the parent that connected; the child's bytes are still the child's.
        var socket = Assert.Single(db.SocketsOf(parent));
        Assert.Equal(childBytes + parentBytes, socket.TxBytes);
    }

    [RootFact]
    public void ConnectionRefused_IsClosedByAResetReceived()
    {
        ToolRequirement.Ensure("python3");
        const string script = """
            import json, os, socket
            probe = socket.socket()
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
            probe.close()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=5)
            except ConnectionRefusedError:
                print(json.dumps({"pid": os.getpid(), "port": port}))
            """;
        using var session = RecordingSession.Start();
        var (code, stdout, stderr) = ChildProcess.Run(TimeSpan.FromSeconds(30), "python3", "-c", script);
        Assert.True(code == 0 && stdout.Contains("\"pid\""), stderr);
        session.Stop();

        using var result = JsonDocument.Parse(stdout);
        int pid = result.RootElement.GetProperty("pid").GetInt32();
        using var db = new RecordingDatabase(session.Path);
        var socket = Assert.Single(db.SocketsOf(pid));
        Assert.Equal(("client", "rst", "CLOSE"), (socket.Role, socket.CloseReason, socket.State));
        Assert.Equal(1, socket.ResetsReceived);
        Assert.Equal(result.RootElement.GetProperty("port").GetInt32(), socket.RemotePort);
        Assert.Null(socket.EstablishedNs);
    }
}
