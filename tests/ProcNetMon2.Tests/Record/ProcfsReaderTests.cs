using ProcNetMon2.Record;

namespace ProcNetMon2.Tests.Record;

/// <summary>What the recorder reads of a process from /proc, against a fake /proc tree.</summary>
public sealed class ProcfsReaderTests : IDisposable
{
    private readonly TemporaryDirectory proc = new();

    [Fact]
    public void A_live_process_gives_its_name_command_line_ids_and_cgroup()
    {
        string dir = Directory.CreateDirectory(proc.File("4321")).FullName;
        File.WriteAllText(Path.Combine(dir, "comm"), "nginx\n");
        File.WriteAllText(Path.Combine(dir, "cmdline"), "nginx\0-g\0daemon off;\0");
        File.WriteAllText(Path.Combine(dir, "status"), "Name:\tnginx\nPPid:\t1\nUid:\t33\t33\t33\t33\nGid:\t34\t34\t34\t34\n");
        File.WriteAllText(Path.Combine(dir, "cgroup"), "0::/system.slice/nginx.service\n");

        var process = ProcfsReader.Read(4321, proc.Path);

        Assert.Equal(("nginx", "nginx -g daemon off;", 33, 34, 1, "/system.slice/nginx.service"),
            (process.Comm, process.Cmdline, process.Uid, process.Gid, process.ParentPid, process.CgroupPath));
    }

    [Fact]
    public void A_process_gone_from_proc_gives_nothing()
    {
        var process = ProcfsReader.Read(4321, proc.Path);

        Assert.Equal(new ProcfsProcess(null, null, null, null), process);
    }

    public void Dispose() => proc.Dispose();
}
