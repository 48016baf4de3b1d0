using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze;

/// <summary>
/// The process tree the recorded parent pids draw, over the process rows known so far: a whole
/// recording's for a report, the rows that arrived until now for a live view.
/// </summary>
public sealed class ProcessLineage
{
    /// <summary>Each pid's rows in the order they appeared (an exec starts a new row for the same pid).</summary>
    private readonly Dictionary<int, List<ProcessRecord>> rowsByPid = [];

    /// <summary>Adds a row, or replaces the one with its process id (a row changes when its process exits).</summary>
    public void Add(ProcessRecord process)
    {
        if (!rowsByPid.TryGetValue(process.Pid, out var rows))
            rowsByPid[process.Pid] = rows = [];
        int known = rows.FindIndex(r => r.ProcessId == process.ProcessId);
        if (known >= 0)
        {
            rows[known] = process;
            return;
        }
        int after = rows.FindLastIndex(r => r.FirstSeenNs <= process.FirstSeenNs);
        rows.Insert(after + 1, process);
    }

    public void Remove(ProcessRecord process)
    {
        if (rowsByPid.TryGetValue(process.Pid, out var rows) && rows.RemoveAll(r => r.ProcessId == process.ProcessId) > 0 && rows.Count == 0)
            rowsByPid.Remove(process.Pid);
    }

    /// <summary>
    /// The top of a process's lineage: its ancestors are followed through the parent pids known here
    /// (the parent row alive when the child appeared), stopping below pid 1 so that init does not
    /// swallow every tree.
    /// </summary>
    public ProcessRecord TreeRoot(ProcessRecord process)
    {
        var root = process;
        var seen = new HashSet<long> { root.ProcessId };
        while (Parent(root) is { } parent && seen.Add(parent.ProcessId))
            root = parent;
        return root;
    }

    private ProcessRecord? Parent(ProcessRecord child)
    {
        if (child.ParentPid is not { } parentPid || parentPid <= 1 || !rowsByPid.TryGetValue(parentPid, out var candidates))
            return null;
        long bornNs = child.ForkNs ?? child.FirstSeenNs;
        // The parent's row in force when the child appeared: the latest one seen before it (an exec starts a new row).
        ProcessRecord? parent = null;
        foreach (var candidate in candidates)
            if (candidate.FirstSeenNs <= bornNs && candidate.ProcessId != child.ProcessId)
                parent = candidate;
        return parent ?? candidates.FirstOrDefault(c => c.ProcessId != child.ProcessId);
    }
}
