using System.Globalization;
using ProcNetMon2.Schema;
using Xunit;
using Xunit.Abstractions;

namespace ProcNetMon2.IntegrationTests;

/// <summary>
/// One connection that is lossy, pauses, then runs lossless: a report over each part counts the retransmits the
/// client's own kernel counted in that part.
/// </summary>
public sealed class WindowedRetransmitTests(ITestOutputHelper output)
{
    [RootFact]
    public void A_report_over_a_window_counts_only_the_retransmits_inside_it() => ReportsCountRetransmitsByWindow("trace.db");

    [RootFact]
    public void A_report_over_a_window_of_a_segment_recording_counts_only_the_retransmits_inside_it() =>
        ReportsCountRetransmitsByWindow("trace.pnm");

    private void ReportsCountRetransmitsByWindow(string recordingName)
    {
        const long Bytes = 2_000_000;
        using var net = NetworkNamespacePair.Create();
        net.DropTcpIngress(net.Server, oneIn: 10);
        using var session = RecordingSession.StartAs(recordingName);

        var environment = $"PNM_TRAFFIC_ADDRESS={NetworkNamespacePair.ServerAddress}";
        using var server = ChildProcess.Start("ip", "netns", "exec", net.Server, "env", environment, TestPaths.TrafficGen, "tcp-server", "4", "0");
        string port = server.WaitForLine(l => l.StartsWith("ready ", StringComparison.Ordinal), onStderr: false, TimeSpan.FromSeconds(30))[6..].Trim();
        long before = net.RetransmittedSegments(net.Client);
        using var client = ChildProcess.Start("ip", "netns", "exec", net.Client, "env", environment, TestPaths.TrafficGen,
            "tcp-client-pause", "4", port, Bytes.ToString(CultureInfo.InvariantCulture), Bytes.ToString(CultureInfo.InvariantCulture));
        client.WaitForLine(l => l == "paused", onStderr: false, TimeSpan.FromSeconds(120));
        net.WaitUntilAllAcknowledged(net.Client);
        net.StopDropping(net.Server);
        Thread.Sleep(750);
        var boundary = DateTimeOffset.UtcNow;
        long atBoundary = net.RetransmittedSegments(net.Client);
        Thread.Sleep(750);
        client.WriteLine("go");
        Assert.True(client.WaitForExit(TimeSpan.FromSeconds(120)) == 0, client.Stderr);
        Traffic.Finish(server);
        net.WaitUntilNoTcpSockets(net.Client);
        long after = net.RetransmittedSegments(net.Client);
        session.Stop();

        int pid = Traffic.Parse(client.Stdout).Pid;
        string at = boundary.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        var lossy = PnmReport.Of(session.Path, "--until", at);
        var lossless = PnmReport.Of(session.Path, "--since", at);
        var whole = PnmReport.Of(session.Path);

        output.WriteLine($"kernel: {atBoundary - before} retransmits before the boundary, {after - atBoundary} after; " +
                         $"report: {lossy.RetransmitsOf(pid)} and {lossless.RetransmitsOf(pid)}, {whole.RetransmitsOf(pid)} over the whole recording");
        Assert.True(atBoundary - before > 0, "the lossy link retransmitted nothing: the test proves nothing");
        // The connection moved data in both windows, so it has a row in each.
        Assert.Equal((Bytes, Bytes), (lossy.BytesOf(pid).Tx, lossless.BytesOf(pid).Tx));
        Assert.Equal(atBoundary - before, lossy.RetransmitsOf(pid));
        Assert.Equal(after - atBoundary, lossless.RetransmitsOf(pid));
        Assert.Equal(after - before, whole.RetransmitsOf(pid));
        // The socket row's whole-life counter agrees with its timestamped records.
        using var recording = RecordingFile.Open(session.Path);
        var socket = Assert.Single(recording.ReadSockets(), s => s.RemotePort == int.Parse(port, CultureInfo.InvariantCulture) && s.Role == "client");
        var incidents = recording.ReadTcpIncidents();
        Assert.Equal(socket.Retransmits, incidents.Count(i => i.SocketId == socket.SocketId && i.Kind == TcpIncident.Retransmit));
        Assert.Equal(after - before, socket.Retransmits);
    }
}
