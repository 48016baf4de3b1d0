using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Reports;

namespace ProcNetMon2.Tests.Analyze;

/// <summary>Recordings of several hosts, overlapping in time: grouped and filtered by host, never taken for one host's history.</summary>
public sealed class HostAnalysisTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    /// <summary>Two hosts over the same ten seconds, each with pid 1200 "nginx" (different processes) and its own "curl".</summary>
    private static TestRecording[] TwoHosts() =>
    [
        new TestRecording().OnHost("web-1").Process(1, 1200, "nginx").Process(2, 3000, "curl")
            .Tx(1, 1, socketId: 1, bytes: 1_000).Tx(1.5, 1, socketId: 1, bytes: 500).Rx(2, 2, socketId: 2, bytes: 70),
        new TestRecording().OnHost("web-2").Process(1, 1200, "nginx").Process(2, 4000, "curl")
            .Tx(1.2, 1, socketId: 1, bytes: 4_000).Rx(3, 2, socketId: 2, bytes: 30),
    ];

    [Fact]
    public void Group_by_host_and_comm_adds_up_each_host_apart()
    {
        var report = Analysis.Run(directory, TrafficReport.Build, new ReportOptions { GroupBy = [GroupField.Host, GroupField.Comm] }, TwoHosts());

        var rows = Enumerable.Range(0, report.Table.Rows.Count)
            .Select(i => ((string?)report.Cell(i, "host"), (string?)report.Cell(i, "comm"), (long)report.Cell(i, "tx_bytes")!, (long)report.Cell(i, "rx_bytes")!))
            .OrderBy(r => r.Item1).ThenBy(r => r.Item2).ToList();
        Assert.Equal([("web-1", "curl", 0L, 70L), ("web-1", "nginx", 1_500L, 0L), ("web-2", "curl", 0L, 30L), ("web-2", "nginx", 4_000L, 0L)], rows);
    }

    [Fact]
    public void The_same_pid_on_two_hosts_is_two_processes()
    {
        var report = Analysis.Run(directory, TrafficReport.Build, null, TwoHosts());

        Assert.Equal(["host", "pid", "comm"], report.Table.Columns.Take(3).Select(c => c.Name));
        var nginx = Enumerable.Range(0, report.Table.Rows.Count).Where(i => (string?)report.Cell(i, "comm") == "nginx")
            .Select(i => ((string?)report.Cell(i, "host"), (long)report.Cell(i, "tx_bytes")!)).Order().ToList();
        Assert.Equal([("web-1", 1_500L), ("web-2", 4_000L)], nginx);
    }

    [Fact]
    public void One_host_keeps_the_columns_it_always_had()
    {
        var report = Analysis.Run(directory, TrafficReport.Build, null, TwoHosts()[0]);

        Assert.Equal(["pid", "comm"], report.Table.Columns.Take(2).Select(c => c.Name));
    }

    [Fact]
    public void Host_filter_keeps_one_hosts_recordings_and_its_window()
    {
        var recordings = TwoHosts();
        var paths = recordings.Select((r, i) => r.WriteTo(directory.File($"host-{i}.db"))).ToList();
        using var set = RecordingSet.Open(paths, ["web-2"]);

        var report = TrafficReport.Build(set, new ReportOptions { GroupBy = [GroupField.Comm] });

        Assert.Equal(["web-2"], set.Hosts);
        Assert.Equal([4_000L, 0L], report.Column("tx_bytes"));
        Assert.Equal([0L, 30L], report.Column("rx_bytes"));
    }

    [Fact]
    public void Host_filter_naming_no_recording_is_one_error()
    {
        var paths = TwoHosts().Select((r, i) => r.WriteTo(directory.File($"host-{i}.db"))).ToList();

        var error = Assert.Throws<RecordingException>(() => RecordingSet.Open(paths, ["db-9"]));

        Assert.Equal("no recording of host db-9: the recordings are of web-1, web-2", error.Message);
    }

    [Fact]
    public void Per_second_rates_of_a_fleet_group_add_the_hosts_up_in_each_second()
    {
        // nginx sent 1,500 bytes in second 1 on web-1 and 4,000 in second 1 on web-2: 5,500 in that second fleet-wide.
        var report = Analysis.Run(directory, TrafficReport.Build, new ReportOptions { GroupBy = [GroupField.Comm] }, TwoHosts());

        int nginx = report.Column("comm").IndexOf("nginx");
        Assert.Equal(5_500.0, report.Cell(nginx, "peak_tx_rate"));
    }

    [Fact]
    public void Connections_of_several_hosts_say_which_host()
    {
        var recordings = TwoHosts().Select((r, i) => r.Socket(new SocketRecord
        {
            SocketId = 1, ProcessId = 1, Family = AddressFamily.Inet, Protocol = IpProtocol.Tcp, LocalAddr = "10.0.0.1", LocalPort = 443,
            RemoteAddr = $"10.9.0.{i + 1}", RemotePort = 50_000, FirstSeenNs = TestRecording.At(0.5), LastSeenNs = TestRecording.At(2),
        })).ToArray();

        var report = Analysis.Run(directory, Connections.Build, null, recordings);

        Assert.Equal("host", report.Table.Columns[0].Name);
        Assert.Equal(["web-1", "web-2"], report.Column("host").Distinct().Order());
    }

    [Fact]
    public async Task The_command_line_groups_by_host_and_filters_by_host()
    {
        var paths = TwoHosts().Select((r, i) => r.WriteTo(directory.File($"host-{i}.db"))).ToArray();

        var grouped = await PnmRun.Of(["report", .. paths, "--group-by", "host,comm", "--columns", "host,comm,tx_bytes", "--sort", "tx_bytes", "--format", "csv"]);
        var filtered = await PnmRun.Of(["timeline", .. paths, "--host", "web-1", "--group-by", "comm", "--columns", "comm,tx_bytes", "--format", "csv"]);
        var unknown = await PnmRun.Of(["peaks", .. paths, "--host", "db-9"]);

        Assert.Equal("host,comm,tx_bytes\nweb-2,nginx,4000\nweb-1,nginx,1500\nweb-1,curl,0\nweb-2,curl,0\n", grouped.Output);
        Assert.Equal(0, filtered.Code);
        Assert.Equal(1_500, filtered.Output.Split('\n').Skip(1).Where(l => l.StartsWith("nginx,")).Sum(l => long.Parse(l.Split(',')[1])));
        Assert.Equal((1, "pnm: no recording of host db-9: the recordings are of web-1, web-2\n"), (unknown.Code, unknown.Error));
    }

    [Fact]
    public async Task Diff_by_pid_of_several_hosts_matches_each_host_s_process_with_itself()
    {
        string[] sides = ["base", "new"];
        foreach (string side in sides)
        {
            Directory.CreateDirectory(directory.File(side));
            var recordings = TwoHosts();
            for (int i = 0; i < recordings.Length; i++)
                recordings[i].WriteTo(directory.File($"{side}/host-{i}.db"));
        }

        var both = await PnmRun.Of("diff", directory.File("base"), directory.File("new"), "--group-by", "pid", "--totals", "--metrics", "tx_bytes", "--format", "csv");
        var one = await PnmRun.Of("diff", directory.File("base"), directory.File("new"), "--host", "web-2", "--group-by", "pid", "--totals", "--metrics", "tx_bytes", "--format", "csv");

        Assert.True(both.Code == 0, both.Error);
        var lines = both.Output.Split('\n');
        Assert.StartsWith("host,pid,comm,status,tx_bytes_base,tx_bytes_new,", lines[0]);
        // pid 1200 is nginx on both hosts: two processes, each matched with itself, not one group of both hosts' bytes.
        Assert.Equal(["web-1,1200,nginx,matched,1500,1500", "web-2,1200,nginx,matched,4000,4000"],
            lines.Where(l => l.Contains(",1200,", StringComparison.Ordinal)).Select(l => string.Join(',', l.Split(',').Take(6))).Order());
        Assert.True(one.Code == 0, one.Error);
        Assert.StartsWith("pid,comm,status,", one.Output);
    }

    public void Dispose() => directory.Dispose();
}
