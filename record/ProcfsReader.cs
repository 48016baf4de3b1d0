using System.Globalization;

namespace ProcNetMon2.Record;

/// <summary>What /proc still tells about a process; every field is null once it is gone.</summary>
public sealed record ProcfsProcess(string? Exe, string? Cmdline, int? Uid, int? ParentPid)
{
    public int? Gid { get; init; }
    /// <summary>The cgroup v2 path ("0::" line of /proc/PID/cgroup).</summary>
    public string? CgroupPath { get; init; }
    /// <summary>The process name (/proc/PID/comm), for events that carry none.</summary>
    public string? Comm { get; init; }
}

public static class ProcfsReader
{
    public static ProcfsProcess Read(int pid, string procRoot = "/proc")
    {
        string dir = Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture));
        string? exe = Try(() => new FileInfo(Path.Combine(dir, "exe")).LinkTarget);
        string? cmdline = Try(() => File.ReadAllText(Path.Combine(dir, "cmdline")).TrimEnd('\0').Replace('\0', ' '));
        int? uid = null, gid = null, parentPid = null;
        var status = Try(() => File.ReadAllLines(Path.Combine(dir, "status")));
        foreach (string line in status ?? [])
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal))
                uid = FirstNumber(line);
            else if (line.StartsWith("Gid:", StringComparison.Ordinal))
                gid = FirstNumber(line);
            else if (line.StartsWith("PPid:", StringComparison.Ordinal))
                parentPid = FirstNumber(line);
        }
        string? cgroup = Try(() => File.ReadAllLines(Path.Combine(dir, "cgroup")))?
            .FirstOrDefault(l => l.StartsWith("0::", StringComparison.Ordinal))?["0::".Length..];
        string? comm = Try(() => File.ReadAllText(Path.Combine(dir, "comm")).TrimEnd('\n'));
        return new ProcfsProcess(exe, string.IsNullOrEmpty(cmdline) ? null : cmdline, uid, parentPid) { Gid = gid, CgroupPath = cgroup, Comm = comm };
    }

    private static int? FirstNumber(string statusLine)
    {
        var fields = statusLine.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 1 && int.TryParse(fields[1], CultureInfo.InvariantCulture, out int value) ? value : null;
    }

    private static T? Try<T>(Func<T?> read) where T : class
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
