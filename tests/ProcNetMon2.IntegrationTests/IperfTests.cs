using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Xunit;

namespace ProcNetMon2.IntegrationTests;

/// <summary>
/// A real program's own byte counts against pnm's. iperf3 opens a control connection and data
/// streams; its JSON counts data payload only, and each stream starts with iperf3's own greeting
/// (a 37-byte cookie on TCP, a 4-byte hello on UDP), so the data socket carries exactly that much more.
/// </summary>
public sealed class IperfTests
{
    private const int TcpCookieBytes = 37;
    private const int UdpHelloBytes = 4;

    [RootFact]
    public void Tcp_DataStreamBytesEqualIperfsCount() => AssertIperf(udp: false, TcpCookieBytes);

    [RootFact]
    public void Udp_DataStreamBytesEqualIperfsCount() => AssertIperf(udp: true, UdpHelloBytes);

    private static void AssertIperf(bool udp, int greetingBytes)
    {
        ToolRequirement.Ensure("iperf3");
        string port = Random.Shared.Next(20000, 30000).ToString();
        using var session = RecordingSession.Start();
        using var server = ChildProcess.Start("iperf3", "-s", "-1", "-J", "-p", port);
        Thread.Sleep(300);
        string[] clientArgs = udp
            ? ["-c", "127.0.0.1", "-p", port, "-J", "-u", "-b", "50M", "-t", "2"]
            : ["-c", "127.0.0.1", "-p", port, "-J", "-t", "2"];
        using var client = ChildProcess.Start("iperf3", clientArgs);
        Assert.Equal(0, client.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, server.WaitForExit(TimeSpan.FromSeconds(30)));
        session.Stop();

        using var clientJson = JsonDocument.Parse(client.Stdout);
        using var serverJson = JsonDocument.Parse(server.Stdout);
        long clientSent = clientJson.RootElement.GetProperty("end").GetProperty("sum_sent").GetProperty("bytes").GetInt64();
        long serverReceived = serverJson.RootElement.GetProperty("end").GetProperty("sum_received").GetProperty("bytes").GetInt64();
        int clientDataPort = clientJson.RootElement.GetProperty("start").GetProperty("connected")[0].GetProperty("local_port").GetInt32();
        int protocol = udp ? 17 : 6;

        using var db = new SqliteConnection($"Data Source={session.Path};Mode=ReadOnly;Pooling=False");
        long clientDataTx = db.ExecuteScalar<long>(
            "SELECT SUM(tx_bytes) FROM socket_totals WHERE pid = @pid AND protocol = @protocol AND local_port = @clientDataPort",
            new { pid = client.Pid, protocol, clientDataPort });
        // The server's end of the data stream; a UDP server reads the hello before it connects its socket.
        long serverDataRx = db.ExecuteScalar<long>("""
            SELECT SUM(rx_bytes) FROM socket_totals
            WHERE pid = @pid AND protocol = @protocol AND local_port = @port AND (remote_port = @clientDataPort OR remote_addr = '')
            """, new { pid = server.Pid, protocol, port = int.Parse(port), clientDataPort });
        Assert.Equal(clientSent + greetingBytes, clientDataTx);
        Assert.Equal(serverReceived + greetingBytes, serverDataRx);

        // The per-process report adds the control connection on top of the data streams.
        var report = PnmReport.Of(session.Path);
        Assert.Equal(0, report.LostEvents);
        foreach (int pid in new[] { client.Pid, server.Pid })
        {
            var totals = db.QuerySingle<(long Tx, long Rx)>(
                "SELECT COALESCE(SUM(tx_bytes), 0), COALESCE(SUM(rx_bytes), 0) FROM socket_totals WHERE pid = @pid", new { pid });
            Assert.Equal(totals, report.BytesOf(pid));
        }
        Assert.True(report.BytesOf(client.Pid).Tx > clientSent);
    }
}
