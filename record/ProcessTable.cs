using ProcNetMon2.Schema;

namespace ProcNetMon2.Record;

/// <summary>
/// The processes of a recording: one row per pid and program image. A fork starts a row for the
/// child (the parent's image), an exec a new row for the same pid, an exit closes the row; a process
/// already running when recording started gets its row from /proc when first seen.
/// </summary>
internal sealed class ProcessTable(IRecordingSink sink, Func<int, ProcfsProcess> readProcfs, Func<int, string?> userNameOf)
{
    private readonly Dictionary<int, ProcessRecord> live = [];
    // Processes that exited at the last two flushes: summarized calls reach the recorder up to two flushes late.
    private Dictionary<int, ProcessRecord> exitedLastFlush = [], exitedBefore = [];
    private long nextProcessId = 1;

    public int Count => (int)(nextProcessId - 1);

    /// <summary>The live row of a pid, without reading anything; null when not seen yet.</summary>
    public ProcessRecord? Known(int pid) => live.GetValueOrDefault(pid);

    /// <param name="comm">The name the event carries; null for events without one (it comes from /proc then, or is "?").</param>
    public ProcessRecord Of(int pid, long ts, string? comm)
    {
        if (live.TryGetValue(pid, out var known))
            return known;
        var procfs = readProcfs(pid);
        return Add(new ProcessRecord
        {
            ProcessId = nextProcessId++,
            Pid = pid,
            ParentPid = procfs.ParentPid,
            Comm = comm ?? procfs.Comm ?? "?",
            Exe = procfs.Exe,
            Cmdline = procfs.Cmdline,
            Uid = procfs.Uid,
            FirstSeenNs = ts,
        }, procfs);
    }

    /// <summary>The process of summarized calls: live, or exited since they were made, else as for any event.</summary>
    public ProcessRecord OfSummarized(int pid, long ts, string comm) =>
        Known(pid) ?? exitedLastFlush.GetValueOrDefault(pid) ?? exitedBefore.GetValueOrDefault(pid) ?? Of(pid, ts, comm);

    /// <summary>Forgets processes that exited two flushes ago.</summary>
    public void Flush()
    {
        (exitedBefore, exitedLastFlush) = (exitedLastFlush, exitedBefore);
        exitedLastFlush.Clear();
    }

    public void OnFork(int parentPid, int childPid, long ts, string comm)
    {
        var parent = Of(parentPid, ts, comm);
        Add(parent with
        {
            ProcessId = nextProcessId++,
            Pid = childPid,
            ParentPid = parentPid,
            FirstSeenNs = ts,
            ForkNs = ts,
            ExecNs = null,
            ExitNs = null,
            ExitCode = null,
        }, procfs: null);
    }

    public void OnExec(int pid, int parentPid, long ts, string comm, string filename)
    {
        var procfs = readProcfs(pid);
        Add(new ProcessRecord
        {
            ProcessId = nextProcessId++,
            Pid = pid,
            ParentPid = live.GetValueOrDefault(pid)?.ParentPid ?? parentPid,
            Comm = comm,
            Exe = procfs.Exe ?? filename,
            Cmdline = procfs.Cmdline,
            Uid = procfs.Uid,
            FirstSeenNs = ts,
            ExecNs = ts,
        }, procfs);
    }

    public void OnExit(int pid, long ts, int exitCode)
    {
        if (live.Remove(pid, out var process))
        {
            exitedLastFlush[pid] = process with { ExitNs = ts, ExitCode = exitCode };
            sink.UpsertProcess(exitedLastFlush[pid]);
        }
    }

    private ProcessRecord Add(ProcessRecord process, ProcfsProcess? procfs)
    {
        if (procfs is not null)
            process = process with
            {
                Gid = procfs.Gid,
                CgroupPath = procfs.CgroupPath,
                Container = CgroupNames.Container(procfs.CgroupPath),
                Unit = CgroupNames.Unit(procfs.CgroupPath),
                UserName = procfs.Uid is { } uid ? userNameOf(uid) : null,
            };
        live[process.Pid] = process;
        sink.UpsertProcess(process);
        return process;
    }
}
