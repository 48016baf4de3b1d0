using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Tests.Analyze;

/// <summary>Connections.ByStart: the order `pnm connections` lists sockets in.</summary>
public sealed class ConnectionOrderTests
{
    [Fact]
    public void Connections_go_by_start_then_local_endpoint_and_equal_ones_keep_their_order()
    {
        var places = new List<(long Start, string? Local)> { (2, "10.0.0.1:80"), (1, "10.0.0.2:22"), (1, "10.0.0.10:22"), (1, null), (1, "10.0.0.10:22") };

        var order = Connections.ByStart(places);

        // Ordinal: "10.0.0.10:22" sorts before "10.0.0.2:22"; no local endpoint sorts first; the equal two keep their order.
        Assert.Equal([3, 2, 4, 1, 0], order);
    }
}
