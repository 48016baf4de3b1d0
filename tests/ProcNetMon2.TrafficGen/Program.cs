using System.Net;
using System.Net.Sockets;
using System.Text.Json;

// Generates loopback traffic of known size and reports, from the process's own counting, what it
// sent and received. Integration tests compare pnm's recording against these numbers.
//
//   pnm-trafficgen tcp-server <4|6> <reply-bytes>        prints "ready <port>", serves one client
//   pnm-trafficgen tcp-client <4|6> <port> <send-bytes> [peek]
//       peek: first a non-blocking read that fails (an error, not bytes), then a MSG_PEEK before every read
//   pnm-trafficgen udp-server <4|6> <datagrams>           echoes each datagram back with sendto
//   pnm-trafficgen udp-client <4|6> <port> <datagrams> <size>
//   pnm-trafficgen udp-flood <4|6> <port[,port…]> <datagrams> <size>   sendto only, from one socket,
//       <datagrams> to each port, taking turns
//   pnm-trafficgen tcp-flood <4|6> <port> <calls> <size>       send calls of one size to a tcp-server
//   pnm-trafficgen tcp-steady <4|6> <port> <bytes-per-second> <seconds>   sends to a tcp-server at a steady rate,
//       a tenth of a second's bytes at a time, for that long (traffic a live view sees while it flows)
//   pnm-trafficgen udp-steady <4|6> <port> <datagrams-per-second> <seconds> <size>   sendto at a steady call rate,
//       a hundredth of a second's datagrams at a time, for that long (the live view benchmark's load)
//   pnm-trafficgen tcp-accept-server <4|6> <connections>   accepts connections that carry no payload:
//       closes every even one at once, every odd one after the client's FIN
//   pnm-trafficgen tcp-connect-close <4|6> <port> <connections>   connects and closes, sending nothing
//   pnm-trafficgen tcp-client-pause <4|6> <port> <send-bytes> <more-bytes>   sends, prints "paused", waits for a
//       line on stdin, then sends more on the same connection
//   pnm-trafficgen udp-spray 4 <datagrams>   prints "ready", waits for a line on stdin, sends one datagram to port 9,
//       then one byte to each of <datagrams> distinct 127.0.0.x ports (a packet flow each), from one socket
//   pnm-trafficgen spawn <4|6> <children> <role> <role's arguments after its 4|6…>   starts <children> child processes
//       of itself, all at once, each running `<role> <4|6> <arguments…>`, and waits for them; prints each child's result
//       (and whatever its own children printed so) as "child {…}" lines before its own (a process tree of known traffic)
// Every role ends by printing: result {"pid":…,"sent":…,"received":…,"seconds":…,"cpuSeconds":…}
// (cpuSeconds: this process's user and system CPU time over the same span)

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: pnm-trafficgen <role> <4|6> …");
    return 2;
}
var family = args[1] == "6" ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
// Servers bind, and clients connect, to loopback unless PNM_TRAFFIC_ADDRESS names another address.
var loopback = Environment.GetEnvironmentVariable("PNM_TRAFFIC_ADDRESS") is { Length: > 0 } address
    ? IPAddress.Parse(address)
    : family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
long sent = 0, received = 0;
var buffer = new byte[64 * 1024];
Random.Shared.NextBytes(buffer);
var clock = System.Diagnostics.Stopwatch.StartNew();
var cpuAtStart = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;

switch (args[0])
{
    case "tcp-server":
    {
        long reply = long.Parse(args[2]);
        using var listener = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(loopback, 0));
        listener.Listen();
        Ready(listener);
        using var connection = listener.Accept();
        for (int n; (n = connection.Receive(buffer)) > 0;)
            received += n;
        sent += SendAll(connection, reply);
        connection.Shutdown(SocketShutdown.Send);
        break;
    }
    case "tcp-client":
    {
        bool peek = args.Length > 4 && args[4] == "peek";
        using var socket = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(new IPEndPoint(loopback, int.Parse(args[2])));
        if (peek)
            FailOneNonBlockingRead(socket);
        sent += SendAll(socket, long.Parse(args[3]));
        socket.Shutdown(SocketShutdown.Send);
        while (true)
        {
            if (peek && socket.Receive(buffer, SocketFlags.Peek) == 0)
                break;
            int n = socket.Receive(buffer);
            if (n == 0)
                break;
            received += n;
        }
        break;
    }
    case "udp-server":
    {
        int datagrams = int.Parse(args[2]);
        using var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(loopback, 0));
        Ready(socket);
        EndPoint peer = new IPEndPoint(loopback, 0);
        for (int i = 0; i < datagrams; i++)
        {
            int n = socket.ReceiveFrom(buffer, ref peer);
            received += n;
            sent += socket.SendTo(buffer.AsSpan(0, n), SocketFlags.None, peer);
        }
        break;
    }
    case "udp-client" or "udp-flood":
    {
        bool expectReplies = args[0] == "udp-client";
        var servers = args[2].Split(',').Select(port => new IPEndPoint(loopback, int.Parse(port))).ToArray();
        int datagrams = int.Parse(args[3]), size = int.Parse(args[4]);
        using var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        socket.ReceiveTimeout = 5000;
        EndPoint peer = new IPEndPoint(loopback, 0);
        for (int i = 0; i < datagrams; i++)
        {
            foreach (var server in servers)
            {
                sent += socket.SendTo(buffer.AsSpan(0, size), SocketFlags.None, server);
                if (expectReplies)
                    received += socket.ReceiveFrom(buffer, ref peer);
            }
        }
        break;
    }
    case "tcp-client-pause":
    {
        using var socket = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(new IPEndPoint(loopback, int.Parse(args[2])));
        sent += SendAll(socket, long.Parse(args[3]));
        Console.WriteLine("paused");
        Console.Out.Flush();
        Console.ReadLine();
        sent += SendAll(socket, long.Parse(args[4]));
        socket.Shutdown(SocketShutdown.Send);
        for (int n; (n = socket.Receive(buffer)) > 0;)
            received += n;
        break;
    }
    case "udp-spray":
    {
        int datagrams = int.Parse(args[2]);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        Console.WriteLine("ready");
        Console.Out.Flush();
        Console.ReadLine();
        // The first send marks the socket for pnm's --pid filter: only later packets are counted, so it is not in "sent".
        socket.SendTo(buffer.AsSpan(0, 1), SocketFlags.None, new IPEndPoint(IPAddress.Loopback, 9));
        int ownPort = ((IPEndPoint)socket.LocalEndPoint!).Port;
        const int PortsPerAddress = 64_000;
        for (int i = 0; sent < datagrams; i++)
        {
            int port = 1024 + i % PortsPerAddress;
            // A datagram to its own port would come back: nothing but the sent ones may cross the socket.
            if (port != ownPort)
                sent += socket.SendTo(buffer.AsSpan(0, 1), SocketFlags.None, new IPEndPoint(new IPAddress([127, 0, 0, (byte)(1 + i / PortsPerAddress)]), port));
        }
        break;
    }
    case "tcp-flood":
    {
        int calls = int.Parse(args[3]), size = int.Parse(args[4]);
        using var socket = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(new IPEndPoint(loopback, int.Parse(args[2])));
        for (int i = 0; i < calls; i++)
            sent += socket.Send(buffer.AsSpan(0, size));
        socket.Shutdown(SocketShutdown.Send);
        for (int n; (n = socket.Receive(buffer)) > 0;)
            received += n;
        break;
    }
    case "tcp-steady":
    {
        long perTick = long.Parse(args[3]) / 10;
        var duration = TimeSpan.FromSeconds(double.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture));
        using var socket = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(new IPEndPoint(loopback, int.Parse(args[2])));
        for (int tick = 1; clock.Elapsed < duration; tick++)
        {
            sent += SendAll(socket, perTick);
            var next = TimeSpan.FromMilliseconds(100 * tick);
            if (next > clock.Elapsed)
                Thread.Sleep(next - clock.Elapsed);
        }
        socket.Shutdown(SocketShutdown.Send);
        for (int n; (n = socket.Receive(buffer)) > 0;)
            received += n;
        break;
    }
    case "udp-steady":
    {
        var server = new IPEndPoint(loopback, int.Parse(args[2]));
        int perTick = int.Parse(args[3]) / 100, size = int.Parse(args[5]);
        var duration = TimeSpan.FromSeconds(double.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture));
        using var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        for (int tick = 1; clock.Elapsed < duration; tick++)
        {
            for (int i = 0; i < perTick; i++)
                sent += socket.SendTo(buffer.AsSpan(0, size), SocketFlags.None, server);
            var next = TimeSpan.FromMilliseconds(10 * tick);
            if (next > clock.Elapsed)
                Thread.Sleep(next - clock.Elapsed);
        }
        break;
    }
    case "tcp-accept-server":
    {
        int connections = int.Parse(args[2]);
        using var listener = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(loopback, 0));
        listener.Listen(connections);
        Ready(listener);
        for (int i = 0; i < connections; i++)
        {
            using var connection = listener.Accept();
            if (i % 2 == 1)
                received += connection.Receive(buffer);
        }
        break;
    }
    case "tcp-connect-close":
    {
        var server = new IPEndPoint(loopback, int.Parse(args[2]));
        for (int i = int.Parse(args[3]); i > 0; i--)
        {
            using var socket = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
            socket.Connect(server);
        }
        break;
    }
    case "spawn":
    {
        var children = Enumerable.Range(0, int.Parse(args[2])).Select(_ =>
        {
            var start = new System.Diagnostics.ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
            foreach (string arg in (string[])[args[3], args[1], .. args[4..]])
                start.ArgumentList.Add(arg);
            return System.Diagnostics.Process.Start(start)!;
        }).ToList();
        foreach (var child in children)
        {
            string output = child.StandardOutput.ReadToEnd();
            child.WaitForExit();
            if (child.ExitCode != 0)
            {
                Console.Error.WriteLine($"child {child.Id} exited {child.ExitCode}");
                return 1;
            }
            foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (line.StartsWith("child ", StringComparison.Ordinal) || line.StartsWith("result ", StringComparison.Ordinal))
                    Console.WriteLine("child " + line[(line.IndexOf(' ') + 1)..]);
        }
        break;
    }
    default:
        Console.Error.WriteLine($"unknown role {args[0]}");
        return 2;
}

double seconds = clock.Elapsed.TotalSeconds;
double cpuSeconds = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalSeconds;
Console.WriteLine("result " + JsonSerializer.Serialize(new { pid = Environment.ProcessId, sent, received, seconds, cpuSeconds }));
return 0;

static void FailOneNonBlockingRead(Socket socket)
{
    socket.Blocking = false;
    try
    {
        socket.Receive(new byte[16]);
        throw new InvalidOperationException("a read on an idle socket returned data");
    }
    catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
    {
    }
    socket.Blocking = true;
}

static void Ready(Socket socket)
{
    Console.WriteLine($"ready {((IPEndPoint)socket.LocalEndPoint!).Port}");
    Console.Out.Flush();
}

long SendAll(Socket socket, long total)
{
    long done = 0;
    while (done < total)
        done += socket.Send(buffer.AsSpan(0, (int)Math.Min(buffer.Length, total - done)));
    return done;
}
