using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace ProcNetMon2.IntegrationTests;

/// <summary>
/// Debian 12's 6.1 kernel (no sock_*_length tracepoints) under QEMU: pnm must pick the fentry
/// fallback by itself, and also record through kprobes when told to, with exact byte counts.
/// </summary>
public sealed partial class KernelMatrixTests(ITestOutputHelper output)
{
    [RootFact]
    public void Debian12Kernel_FallbacksRecordExactBytes()
    {
        RootRequirement.Ensure();
        foreach (string tool in new[] { "qemu-system-x86_64", "busybox", "cpio" })
            ToolRequirement.Ensure(tool);
        string directory = TestPaths.NewTempDirectory();
        string console = Path.Combine(directory, "console.log");
        string script = ProcNetMon2.Tests.RepositoryRoot.File("tests", "kernel-matrix", "run.sh");

        var (code, _, stderr) = ChildProcess.Run(TimeSpan.FromMinutes(10), script, console, "auto", "kprobe");
        string log = File.Exists(console) ? File.ReadAllText(console) : "";
        output.WriteLine(log);
        Assert.True(code == 0, $"kernel-matrix run failed ({code}): {stderr}");

        Assert.Matches(@"@@GUEST 6\.1\.", log);
        string doctor = Section(log, "@@BEGIN doctor", "@@END doctor");
        Assert.Matches(@"fentry\s+works", doctor);
        Assert.Matches(@"kprobe\s+works", doctor);
        Assert.Contains("@@END doctor exit=0", log);

        AssertBackend(Section(log, "@@BEGIN record auto", "@@END record auto"), "sock_io:fentry,process:tracepoint,connections:tracepoint,packets:cgroup_skb,accept:tracepoint");
        AssertBackend(Section(log, "@@BEGIN record kprobe", "@@END record kprobe"), "sock_io:kprobe,process:tracepoint,connections:tracepoint,packets:cgroup_skb,accept:tracepoint");
        Directory.Delete(directory, recursive: true);
    }

    private static void AssertBackend(string section, string expectedBackend)
    {
        Assert.Contains("recorder-exit 0", section);
        using var report = JsonDocument.Parse(section[(section.IndexOf("@@REPORT", StringComparison.Ordinal) + "@@REPORT".Length)..]);
        var recording = report.RootElement.GetProperty("recordings").EnumerateArray().Single();
        Assert.Equal(expectedBackend, recording.GetProperty("backend").GetString());
        Assert.StartsWith("6.1.", recording.GetProperty("kernel_release").GetString());
        Assert.Equal(0, report.RootElement.GetProperty("lost_events").GetInt64());

        var results = ResultLine().Matches(section).ToList();
        Assert.Equal(4, results.Count);
        foreach (Match result in results)
        {
            using var counted = JsonDocument.Parse(result.Groups["json"].Value);
            int pid = counted.RootElement.GetProperty("pid").GetInt32();
            long sent = counted.RootElement.GetProperty("sent").GetInt64(), received = counted.RootElement.GetProperty("received").GetInt64();
            Assert.True(sent > 0 && received > 0, result.Value);
            var row = report.RootElement.GetProperty("rows").EnumerateArray()
                .Single(p => p.GetProperty("pid") is { ValueKind: JsonValueKind.Number } rowPid && rowPid.GetInt32() == pid);
            Assert.Equal((sent, received), (row.GetProperty("tx_bytes").GetInt64(), row.GetProperty("rx_bytes").GetInt64()));
        }
    }

    private static string Section(string log, string begin, string end)
    {
        int start = log.IndexOf(begin, StringComparison.Ordinal);
        Assert.True(start >= 0, $"the guest printed no '{begin}'");
        int stop = log.IndexOf(end, start, StringComparison.Ordinal);
        Assert.True(stop >= 0, $"the guest printed no '{end}'");
        return log[start..stop];
    }

    [GeneratedRegex(@"^result (?<role>\S+) (?<json>\{.*\})$", RegexOptions.Multiline)]
    private static partial Regex ResultLine();
}
