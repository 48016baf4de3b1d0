using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Tests.Analyze;

/// <summary>Connections.ByStart: the order `pnm connections` lists sockets in.</summary>
public sealed class ConnectionOrderTests
{
    [Fact]
    public void Rows_go_by_start_then_local_endpoint_and_equal_ones_keep_their_order()
    {
        object?[] late = [2L, "10.0.0.1:80"], noLocal = [1L, null], b = [1L, "10.0.0.2:22"], a = [1L, "10.0.0.10:22"], again = [1L, "10.0.0.10:22"];
        var rows = new List<(long Start, object?[] Row)> { (2, late), (1, b), (1, again), (1, noLocal), (1, a) };

        var ordered = Connections.ByStart(rows, local: 1);

        // Ordinal: "10.0.0.10:22" sorts before "10.0.0.2:22"; no local endpoint sorts first.
        Assert.Equal([noLocal, again, a, b, late], ordered);
        Assert.Same(again, ordered[1]);
        Assert.Same(a, ordered[2]);
    }
}
