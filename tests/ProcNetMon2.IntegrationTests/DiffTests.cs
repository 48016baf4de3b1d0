using System.Text.Json;
using Xunit;

namespace ProcNetMon2.IntegrationTests;

/// <summary>
/// pnm diff over two real recordings: a client program sends 1,000,000 bytes in the first and 3,000,000 in the
/// second; a program only the second recording has talks to a remote only it has.
/// </summary>
public sealed class DiffTests : IDisposable
{
    private readonly string links = TestPaths.NewTempDirectory();
    private readonly string tag = Guid.NewGuid().ToString("N")[..8];

    /// <summary>
    /// The traffic generator under a name of its own: its processes get that comm, so traffic of other tests
    /// running on the machine cannot mix in.
    /// </summary>
    private string Named(string prefix)
    {
        string path = Path.Combine(links, prefix + tag);
        File.CreateSymbolicLink(path, TestPaths.TrafficGen);
        return path;
    }

    [RootFact]
    public void The_delta_of_a_program_is_exactly_what_it_sent_more_and_new_programs_and_remotes_are_listed()
    {
        string client = Named("dfc"), newcomer = Named("dfn");
        string clientComm = Path.GetFileName(client), newcomerComm = Path.GetFileName(newcomer);
        string[] filter = ["--comm", clientComm, "--comm", newcomerComm];

        using var first = RecordingSession.Start(filter);
        var sentFirst = Send(client, "127.0.0.1", 1_000_000);
        first.Stop();
        using var second = RecordingSession.Start(filter);
        var sentSecond = Send(client, "127.0.0.1", 3_000_000);
        Send(newcomer, "127.0.0.2", 5_000);
        second.Stop();

        Assert.Equal((1_000_000L, 3_000_000L), (sentFirst.Sent, sentSecond.Sent));
        var (code, stdout, stderr) = Diff(first.Path, second.Path, "--totals", "--metrics", "tx_bytes", "--format", "json");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
        var clientRow = rows.Single(r => r.GetProperty("comm").GetString() == clientComm);
        Assert.Equal("matched", clientRow.GetProperty("status").GetString());
        Assert.Equal(1_000_000, clientRow.GetProperty("tx_bytes_base").GetInt64());
        Assert.Equal(3_000_000, clientRow.GetProperty("tx_bytes_new").GetInt64());
        Assert.Equal(2_000_000, clientRow.GetProperty("tx_bytes_delta").GetInt64());
        Assert.Equal("new", rows.Single(r => r.GetProperty("comm").GetString() == newcomerComm).GetProperty("status").GetString());
        var found = json.RootElement.GetProperty("new_since_base");
        Assert.Equal([newcomerComm], found.GetProperty("programs").EnumerateArray().Select(p => p.GetString()));
        Assert.Contains(found.GetProperty("remotes").EnumerateArray(), r => r.GetString()!.StartsWith("127.0.0.2:", StringComparison.Ordinal));
        Assert.Empty(json.RootElement.GetProperty("warnings").EnumerateArray());

        var tripped = Diff(first.Path, second.Path, "--totals", "--fail-if", $"tx_bytes of {clientComm} up 1999999", "--fail-if", "new program");
        Assert.True(tripped.Code == 3, tripped.Stderr);
        var lines = tripped.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        // The change in brackets is ~ or +200.0% with the p-value: a second or two of intervals may not be significant.
        Assert.StartsWith($"pnm: fail-if 'tx_bytes of {clientComm} up 1999999': {clientComm}: tx_bytes 976.6 KiB -> 2.9 MiB (", lines[0]);
        Assert.Equal($"pnm: fail-if 'new program': 1 new program: {newcomerComm}", lines[1]);
        var held = Diff(first.Path, second.Path, "--totals", "--fail-if", $"tx_bytes of {clientComm} up 2000000");
        Assert.True(held.Code == 0, held.Stderr);
    }

    [RootFact]
    public void Two_windows_of_one_recording_compare_like_two_recordings()
    {
        string client = Named("dfw");
        string clientComm = Path.GetFileName(client);

        using var session = RecordingSession.Start("--comm", clientComm);
        Send(client, "127.0.0.1", 1_000_000);
        Thread.Sleep(1000);
        string split = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        Thread.Sleep(1000);
        Send(client, "127.0.0.1", 3_000_000);
        session.Stop();

        var (code, stdout, stderr) = Diff(session.Path, "--base-window", $"..{split}", "--new-window", $"{split}..", "--totals", "--metrics", "tx_bytes", "--format", "json");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var row = json.RootElement.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("comm").GetString() == clientComm);
        Assert.Equal((1_000_000L, 3_000_000L, 2_000_000L),
            (row.GetProperty("tx_bytes_base").GetInt64(), row.GetProperty("tx_bytes_new").GetInt64(), row.GetProperty("tx_bytes_delta").GetInt64()));
    }

    /// <summary>One TCP exchange over loopback: the client sends, the server sends nothing back.</summary>
    private static TrafficResult Send(string program, string address, long bytes)
    {
        string environment = $"PNM_TRAFFIC_ADDRESS={address}";
        using var server = ChildProcess.Start("env", environment, TestPaths.TrafficGen, "tcp-server", "4", "0");
        string port = server.WaitForLine(l => l.StartsWith("ready ", StringComparison.Ordinal), onStderr: false, TimeSpan.FromSeconds(30))["ready ".Length..].Trim();
        var (code, stdout, stderr) = ChildProcess.Run(TimeSpan.FromSeconds(60), "env", environment, program, "tcp-client", "4", port, bytes.ToString());
        Assert.True(code == 0, stderr);
        Traffic.Finish(server);
        return Traffic.Parse(stdout);
    }

    private static (int Code, string Stdout, string Stderr) Diff(params string[] args) =>
        ChildProcess.Run(TimeSpan.FromSeconds(60), TestPaths.Pnm, ["diff", .. args]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(links, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
