using System.Globalization;
using Xunit;
using Xunit.Abstractions;

namespace ProcNetMon2.IntegrationTests;

/// <summary>More new packet flows in a second than the kernel's flow map holds: the packets it could not count are stored and reported.</summary>
public sealed class FlowMapLossTests(ITestOutputHelper output)
{
    /// <summary>Seven addresses × 64,000 ports: several times the 65,536 flows a map holds per flush.</summary>
    private const int Datagrams = 448_000;

    [RootFact]
    public void Packets_a_full_flow_map_could_not_count_are_kept_and_make_the_report_warn()
    {
        using var sprayer = ChildProcess.Start(TestPaths.TrafficGen, "udp-spray", "4", Datagrams.ToString(CultureInfo.InvariantCulture));
        sprayer.WaitForLine(l => l == "ready", onStderr: false, TimeSpan.FromSeconds(30));
        using var session = RecordingSession.Start("--pid", sprayer.Pid.ToString(CultureInfo.InvariantCulture));
        Thread.Sleep(1_200);
        var beforeSpray = DateTimeOffset.UtcNow;
        // Flush windows are about a second: the one holding the boundary ends before the spray starts.
        Thread.Sleep(2_500);
        sprayer.WriteLine("go");
        var spray = Traffic.Finish(sprayer);
        session.Stop();

        long counted;
        using (var db = new RecordingDatabase(session.Path))
            counted = db.Scalar<long>("""
                SELECT COALESCE(SUM(f.packets), 0) FROM packet_flows f JOIN sockets s USING (socket_id) JOIN processes p USING (process_id)
                WHERE f.direction = 0 AND p.pid = @pid
                """, new { pid = spray.Pid });
        var whole = PnmReport.Of(session.Path);
        var quiet = PnmReport.Of(session.Path, "--until", beforeSpray.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));

        output.WriteLine($"{Datagrams} datagrams to distinct ports: {counted} counted in flows, {whole.FlowUpdatesLost} reported lost");
        Assert.Equal(Datagrams, spray.Sent);
        Assert.True(counted < Datagrams, $"every one of {Datagrams} flows fitted the map: the test proves nothing");
        // Every datagram the sprayer sent was either counted in a flow or counted as lost, nothing else.
        Assert.Equal(Datagrams - counted, whole.FlowUpdatesLost);
        Assert.True(whole.WireBytesAreLowerBounds);
        Assert.Null(quiet.FlowUpdatesLost);
        Assert.False(quiet.WireBytesAreLowerBounds);
    }
}
