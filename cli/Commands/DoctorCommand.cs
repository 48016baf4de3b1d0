using System.CommandLine;
using System.Text.Json;
using ProcNetMon2.Record;

namespace ProcNetMon2.Cli.Commands;

public sealed record DoctorArgs(string Format);

public static class DoctorCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var format = new Option<string>("--format", "-f") { Description = "Output format", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("doctor", "What this kernel supports and which backend pnm record would use (exit 0: recording is possible)")
        {
            format,
        };
        command.SetAction(parse => Run(new DoctorArgs(parse.GetValue(format)!), output));
        return command;
    }

    public static int Run(DoctorArgs args, TextWriter output)
    {
        var report = Doctor.Diagnose();
        if (args.Format == "json")
            WriteJson(report, output);
        else
            WriteTable(report, output);
        return (int)(report.CanRecord ? ReturnCode.Success : ReturnCode.Failed);
    }

    private static void WriteTable(DoctorReport report, TextWriter output)
    {
        var facts = report.Facts;
        void Line(string name, string value) => output.WriteLine($"{name,-14} {value}");
        Line("kernel", facts.KernelRelease);
        Line("BTF", facts.HasBtf ? "yes (/sys/kernel/btf/vmlinux)" : "no: the kernel needs CONFIG_DEBUG_INFO_BTF=y");
        Line("lockdown", facts.Lockdown ?? "unknown (securityfs not mounted)");
        Line("capabilities", facts.HasBpfCapabilities ? "yes (CAP_BPF+CAP_PERFMON or CAP_SYS_ADMIN)" : "no: run as root");
        Line("cgroup v2", facts.CgroupV2Mount ?? "not mounted");
        Line("libbpf", facts.LibbpfVersion?.ToString() ?? "not installed");
        Line("kprobes", facts.HasKprobes ? "yes" : "no");
        foreach (var check in report.SockIo)
            Line($"sock_io", $"{check.Name,-10} {(check.Works ? "works" : "no")}: {check.Detail}");
        Line("process", $"{report.Process.Name,-10} {(report.Process.Works ? "works" : "no")}: {report.Process.Detail}");
        Line("connections", $"{report.Connections.Name,-10} {(report.Connections.Works ? "works" : "no")}: {report.Connections.Detail}");
        Line("packets", $"{report.Packets.Name,-10} {(report.Packets.Works ? "works" : "no")}: {report.Packets.Detail}");
        Line("accept", $"{report.Accept.Name,-10} {(report.Accept.Works ? "works" : "no")}: {report.Accept.Detail}");
        Line("record", report.CanRecord
            ? $"possible: socket I/O through {report.SockIoBackend}, processes through {report.Process.Name}"
            : $"not possible: {report.Problem}");
    }

    private static void WriteJson(DoctorReport report, TextWriter output)
    {
        var facts = report.Facts;
        var document = new Dictionary<string, object?>
        {
            ["kernel"] = facts.KernelRelease,
            ["btf"] = facts.HasBtf,
            ["lockdown"] = facts.Lockdown,
            ["capabilities"] = facts.HasBpfCapabilities,
            ["cgroup_v2"] = facts.CgroupV2Mount,
            ["libbpf"] = facts.LibbpfVersion?.ToString(),
            ["kprobes"] = facts.HasKprobes,
            ["sock_io"] = new Dictionary<string, object?>
            {
                ["backend"] = report.SockIoBackend,
                ["backends"] = report.SockIo.Select(c => new Dictionary<string, object?> { ["name"] = c.Name, ["works"] = c.Works, ["detail"] = c.Detail }),
            },
            ["process"] = new Dictionary<string, object?> { ["backend"] = report.Process.Works ? report.Process.Name : null, ["detail"] = report.Process.Detail },
            ["connections"] = new Dictionary<string, object?> { ["backend"] = report.Connections.Works ? report.Connections.Name : null, ["detail"] = report.Connections.Detail },
            ["packets"] = new Dictionary<string, object?> { ["backend"] = report.Packets.Works ? report.Packets.Name : null, ["detail"] = report.Packets.Detail },
            ["accept"] = new Dictionary<string, object?> { ["backend"] = report.Accept.Works ? report.Accept.Name : null, ["detail"] = report.Accept.Detail },
            ["can_record"] = report.CanRecord,
            ["problem"] = report.Problem,
        };
        output.WriteLine(JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }
}
