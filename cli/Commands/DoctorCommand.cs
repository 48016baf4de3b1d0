using System.CommandLine;
using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
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
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("kernel", facts.KernelRelease);
            json.WriteBoolean("btf", facts.HasBtf);
            json.WriteString("lockdown", facts.Lockdown);
            json.WriteBoolean("capabilities", facts.HasBpfCapabilities);
            json.WriteString("cgroup_v2", facts.CgroupV2Mount);
            json.WriteString("libbpf", facts.LibbpfVersion?.ToString());
            json.WriteBoolean("kprobes", facts.HasKprobes);
            json.WriteStartObject("sock_io");
            json.WriteString("backend", report.SockIoBackend);
            json.WriteStartArray("backends");
            foreach (var check in report.SockIo)
            {
                json.WriteStartObject();
                json.WriteString("name", check.Name);
                json.WriteBoolean("works", check.Works);
                json.WriteString("detail", check.Detail);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            WriteBackend(json, "process", report.Process);
            WriteBackend(json, "connections", report.Connections);
            WriteBackend(json, "packets", report.Packets);
            WriteBackend(json, "accept", report.Accept);
            json.WriteBoolean("can_record", report.CanRecord);
            json.WriteString("problem", report.Problem);
            json.WriteEndObject();
        }
        output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static void WriteBackend(Utf8JsonWriter json, string name, BackendCheck check)
    {
        json.WriteStartObject(name);
        json.WriteString("backend", check.Works ? check.Name : null);
        json.WriteString("detail", check.Detail);
        json.WriteEndObject();
    }
}
