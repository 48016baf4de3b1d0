using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace ProcNetMon2.IntegrationTests;

/// <summary>
/// Real clients and servers on ports no well-known-port rule covers: a label proves the payload
/// path recognised the protocol, on the client's socket and on the server's.
/// </summary>
public sealed class ProtocolDetectionTests
{
    private const int Udp = 17;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [RootFact]
    public void Curl_and_a_python_http_server_are_http()
    {
        ToolRequirement.Ensure("curl");
        ToolRequirement.Ensure("python3");
        using var documents = new TempDirectory();
        int port = FreePort.Pick();
        using var server = Servers.Start("Serving HTTP on", onStderr: false,
            "python3", "-u", "-m", "http.server", port.ToString(), "--bind", "127.0.0.1", "--directory", documents.Path);
        using var session = RecordingSession.Start();
        var client = Clients.Run("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", $"http://127.0.0.1:{port}/");
        session.Stop();

        Assert.Equal("200", client.Stdout);
        using var db = new RecordingDatabase(session.Path);
        foreach (var socket in Connection(db, client.Pid, port))
            AssertRecognised("http", socket);
    }

    [RootFact]
    public void Openssl_client_and_server_are_tls_with_the_record_version()
    {
        ToolRequirement.Ensure("openssl");
        using var keys = new TempDirectory();
        string key = Path.Combine(keys.Path, "key.pem"), cert = Path.Combine(keys.Path, "cert.pem");
        Clients.Run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost");
        int port = FreePort.Pick();
        using var server = Servers.Start("ACCEPT", onStderr: false,
            "openssl", "s_server", "-accept", $"127.0.0.1:{port}", "-cert", cert, "-key", key, "-naccept", "1");
        using var session = RecordingSession.Start();
        // s_client ends the session when its input ends; exec keeps its pid.
        var client = Clients.Run("sh", "-c", "exec \"$@\" </dev/null", "sh", "openssl", "s_client", "-connect", $"127.0.0.1:{port}", "-brief");
        session.Stop();

        Assert.Contains("CONNECTION ESTABLISHED", client.Stderr);
        using var db = new RecordingDatabase(session.Path);
        foreach (var socket in Connection(db, client.Pid, port))
        {
            AssertRecognised("tls", socket);
            Assert.Contains("record version", socket.AppDetail);
        }
    }

    [RootFact]
    public void Dig_and_dnsmasq_are_dns_over_udp()
    {
        ToolRequirement.Ensure("dig");
        ToolRequirement.Ensure("dnsmasq");
        int port = FreePort.Pick();
        using var server = Dnsmasq.Start(port);
        using var session = RecordingSession.Start();
        var client = Clients.Run("dig", "@127.0.0.1", "-p", port.ToString(), "example.test", "A", "+short", "+tries=1", "+time=10");
        session.Stop();

        Assert.Equal(Dnsmasq.Answer, client.Stdout);
        using var db = new RecordingDatabase(session.Path);
        AssertRecognised("dns", Assert.Single(db.SocketsOf(client.Pid), s => s.RemotePort == port));
        AssertRecognised("dns", Assert.Single(db.SocketsOf(server.Pid), s => s.LocalPort == port && s.Protocol == Udp));
    }

    [RootFact]
    public void Dig_and_dnsmasq_are_dns_over_tcp()
    {
        ToolRequirement.Ensure("dig");
        ToolRequirement.Ensure("dnsmasq");
        int port = FreePort.Pick();
        using var server = Dnsmasq.Start(port);
        using var session = RecordingSession.Start();
        var client = Clients.Run("dig", "@127.0.0.1", "-p", port.ToString(), "example.test", "A", "+short", "+tcp", "+tries=1", "+time=10");
        session.Stop();

        Assert.Equal(Dnsmasq.Answer, client.Stdout);
        using var db = new RecordingDatabase(session.Path);
        foreach (var socket in Connection(db, client.Pid, port))
            AssertRecognised("dns", socket);
    }

    [RootFact]
    public void Redis_cli_and_redis_server_are_redis()
    {
        ToolRequirement.Ensure("redis-server");
        ToolRequirement.Ensure("redis-cli");
        using var data = new TempDirectory();
        int port = FreePort.Pick();
        using var server = Servers.Start("Ready to accept connections", onStderr: false,
            "redis-server", "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", data.Path);
        using var session = RecordingSession.Start();
        var client = Clients.Run("redis-cli", "-h", "127.0.0.1", "-p", port.ToString(), "ping");
        session.Stop();

        Assert.Equal("PONG", client.Stdout);
        using var db = new RecordingDatabase(session.Path);
        foreach (var socket in Connection(db, client.Pid, port))
            AssertRecognised("redis", socket);
    }

    [RootFact]
    public void Psql_and_postgresql_are_postgresql()
    {
        ToolRequirement.Ensure("psql");
        ToolRequirement.Ensure("setpriv");
        using var cluster = PostgresCluster.Start(FreePort.Pick());
        using var session = RecordingSession.Start();
        var client = Clients.Run("psql", "-X", "-w", "-h", "127.0.0.1", "-p", cluster.Port.ToString(), "-U", "postgres", "-At", "-c", "select 1");
        session.Stop();

        Assert.Equal("1", client.Stdout);
        using var db = new RecordingDatabase(session.Path);
        foreach (var socket in Connection(db, client.Pid, cluster.Port))
            AssertRecognised("postgresql", socket);
    }

    [WellKnownPortFact]
    public void Unrecognised_bytes_on_a_well_known_port_are_labelled_by_the_port()
    {
        var (port, app) = WellKnownPort.FirstFree() ?? throw new InvalidOperationException("every well-known port was taken since discovery");
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen();
        using var session = RecordingSession.Start();
        int clientPort = ExchangePlainText(listener);
        session.Stop();

        using var db = new RecordingDatabase(session.Path);
        var mine = db.SocketsOf(Environment.ProcessId);
        var client = Assert.Single(mine, s => s.LocalPort == clientPort && s.RemotePort == port);
        var server = Assert.Single(mine, s => s.LocalPort == port && s.RemotePort == clientPort);
        foreach (var socket in new[] { client, server })
            Assert.Equal((app, "port"), (socket.App, socket.AppMethod));
    }

    /// <summary>A line of text each way, long enough for the kernel to show its first bytes.</summary>
    private static int ExchangePlainText(Socket listener)
    {
        byte[] request = Encoding.ASCII.GetBytes("hello, this line is no protocol the classifier knows\n");
        byte[] reply = Encoding.ASCII.GetBytes("and neither is this reply, which is just plain text\n");
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(listener.LocalEndPoint!);
        using var accepted = listener.Accept();
        client.Send(request);
        ReceiveExactly(accepted, request.Length);
        accepted.Send(reply);
        ReceiveExactly(client, reply.Length);
        client.Shutdown(SocketShutdown.Both);
        accepted.Shutdown(SocketShutdown.Both);
        return ((IPEndPoint)client.LocalEndPoint!).Port;
    }

    private static void ReceiveExactly(Socket socket, int length)
    {
        var buffer = new byte[length];
        for (int done = 0, n; done < length; done += n)
        {
            n = socket.Receive(buffer, done, length - done, SocketFlags.None);
            Assert.True(n > 0, "the peer closed early");
        }
    }

    /// <summary>Both ends of one TCP connection: the client's socket and the server's accepted one.</summary>
    private static RecordingDatabase.SocketRow[] Connection(RecordingDatabase db, int clientPid, int serverPort)
    {
        var client = Assert.Single(db.SocketsOf(clientPid), s => s.RemotePort == serverPort);
        var server = Assert.Single(db.SocketsOnLocalPort(serverPort), s => s.RemotePort == client.LocalPort);
        return [client, server];
    }

    private static void AssertRecognised(string app, RecordingDatabase.SocketRow socket) =>
        Assert.True((socket.App, socket.AppMethod) == (app, "payload"),
            $"{socket.Comm} ({socket.Role}) socket {socket.LocalPort}->{socket.RemotePort}: app {socket.App ?? "null"}, method {socket.AppMethod ?? "null"}, expected {app} by payload");
}

/// <summary>Runs a client to its end; it must succeed.</summary>
internal static class Clients
{
    public sealed record Result(int Pid, string Stdout, string Stderr);

    public static Result Run(string program, params string[] args)
    {
        using var child = ChildProcess.Start(program, args);
        int code = child.WaitForExit(TimeSpan.FromSeconds(60));
        Assert.True(code == 0, $"{program} {string.Join(' ', args)} exited {code}: {child.Stderr}");
        return new Result(child.Pid, child.Stdout.Trim(), child.Stderr);
    }
}

/// <summary>Starts a server in the foreground and waits for the line it prints once it listens.</summary>
internal static class Servers
{
    public static ChildProcess Start(string readyText, bool onStderr, string program, params string[] args)
    {
        var server = ChildProcess.Start(program, args);
        try
        {
            server.WaitForLine(l => l.Contains(readyText, StringComparison.Ordinal), onStderr, TimeSpan.FromSeconds(60));
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }
}

/// <summary>A dnsmasq that answers one name from its own configuration, on UDP and TCP.</summary>
internal static class Dnsmasq
{
    public const string Answer = "127.0.0.7";

    public static ChildProcess Start(int port) => Servers.Start("started, version", onStderr: true,
        "dnsmasq", "--no-daemon", $"--port={port}", "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts",
        $"--address=/example.test/{Answer}", "--conf-file=/dev/null", "--log-facility=-");
}

/// <summary>A port no other program uses on 127.0.0.1, for TCP and UDP both, away from every well-known port.</summary>
internal static class FreePort
{
    public static int Pick()
    {
        for (int attempt = 0; attempt < 20; attempt++)
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            int port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
            }
        }
        throw new InvalidOperationException("no port free for both TCP and UDP on 127.0.0.1");
    }
}

/// <summary>The well-known TCP ports the classifier falls back to, with the label each gives.</summary>
internal static class WellKnownPort
{
    private static readonly (int Port, string App)[] Candidates = [(5432, "postgresql"), (6379, "redis"), (3306, "mysql"), (8080, "http")];

    public static string Listed => string.Join(", ", Candidates.Select(c => c.Port));

    /// <summary>The first candidate nothing listens on, found by binding it.</summary>
    public static (int Port, string App)? FirstFree()
    {
        foreach (var candidate in Candidates)
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                probe.Bind(new IPEndPoint(IPAddress.Loopback, candidate.Port));
                return candidate;
            }
            catch (SocketException)
            {
            }
        }
        return null;
    }
}

/// <summary>A root test that also needs a free well-known port: a port another program serves is not ours to take.</summary>
public sealed class WellKnownPortFactAttribute : FactAttribute
{
    public WellKnownPortFactAttribute()
    {
        Skip = new RootFactAttribute().Skip
               ?? (WellKnownPort.FirstFree() is null ? $"NOT RUN: ports {WellKnownPort.Listed} are all in use on 127.0.0.1, and this test must bind one" : null);
    }
}

/// <summary>A throwaway PostgreSQL cluster in a temporary directory, run by the postgres user with trust authentication.</summary>
internal sealed class PostgresCluster : IDisposable
{
    private readonly TempDirectory directory;
    private readonly string binaries;
    private bool running;

    public int Port { get; }
    private string DataDirectory => Path.Combine(directory.Path, "data");
    private string LogFile => Path.Combine(directory.Path, "server.log");

    private PostgresCluster(TempDirectory directory, string binaries, int port)
    {
        this.directory = directory;
        this.binaries = binaries;
        Port = port;
    }

    public static PostgresCluster Start(int port)
    {
        var cluster = new PostgresCluster(new TempDirectory(), ServerBinaries(), port);
        try
        {
            cluster.Run("chown", "postgres:postgres", cluster.directory.Path);
            cluster.RunAsPostgres("initdb", "-D", cluster.DataDirectory, "-A", "trust", "-U", "postgres", "--no-sync");
            cluster.running = true;
            cluster.RunAsPostgres("pg_ctl", "-D", cluster.DataDirectory, "-l", cluster.LogFile, "-w", "-t", "60",
                "-o", $"-p {port} -c listen_addresses=127.0.0.1 -k {cluster.directory.Path}", "start");
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>The newest installed server's bin directory (Debian keeps them under /usr/lib/postgresql/VERSION).</summary>
    private static string ServerBinaries()
    {
        const string root = "/usr/lib/postgresql";
        var newest = (Directory.Exists(root) ? Directory.GetDirectories(root) : [])
            .Select(d => Path.Combine(d, "bin"))
            .Where(bin => File.Exists(Path.Combine(bin, "initdb")))
            .MaxBy(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out int version) ? version : 0);
        Assert.True(newest is not null, $"no PostgreSQL server under {root}: install it (apt-get install postgresql) to run this test");
        return newest;
    }

    private void RunAsPostgres(string tool, params string[] args) =>
        Run("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "env", "-C", directory.Path, Path.Combine(binaries, tool), .. args]);

    private void Run(string program, params string[] args)
    {
        var (code, stdout, stderr) = ChildProcess.Run(TimeSpan.FromSeconds(90), program, args);
        string log = File.Exists(LogFile) ? File.ReadAllText(LogFile) : "";
        Assert.True(code == 0, $"{program} {string.Join(' ', args)} exited {code}: {stdout}{stderr}{log}");
    }

    public void Dispose()
    {
        try
        {
            if (running)
                ChildProcess.Run(TimeSpan.FromSeconds(60), "setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups",
                    "env", "-C", directory.Path, Path.Combine(binaries, "pg_ctl"), "-D", DataDirectory, "-m", "immediate", "-w", "stop");
        }
        finally
        {
            directory.Dispose();
        }
    }
}

internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = TestPaths.NewTempDirectory();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
