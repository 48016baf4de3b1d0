namespace ProcNetMon2.Analyze;

/// <summary>What traffic can be grouped by. Each field shows as one or more columns.</summary>
public enum GroupField
{
    Pid,
    Comm,
    Exe,
    Tree,
    User,
    Cgroup,
    Container,
    Remote,
    RemotePort,
    LocalPort,
    Proto,
    App,
    Iface,
    /// <summary>The recording's host name.</summary>
    Host,
}

public static class GroupFields
{
    public static readonly IReadOnlyDictionary<string, GroupField> ByName = new Dictionary<string, GroupField>
    {
        ["pid"] = GroupField.Pid,
        ["comm"] = GroupField.Comm,
        ["exe"] = GroupField.Exe,
        ["tree"] = GroupField.Tree,
        ["user"] = GroupField.User,
        ["cgroup"] = GroupField.Cgroup,
        ["container"] = GroupField.Container,
        ["remote"] = GroupField.Remote,
        ["remote-port"] = GroupField.RemotePort,
        ["local-port"] = GroupField.LocalPort,
        ["proto"] = GroupField.Proto,
        ["app"] = GroupField.App,
        ["iface"] = GroupField.Iface,
        ["host"] = GroupField.Host,
    };

    /// <summary>The columns a field shows as; <see cref="GroupField.Pid"/> and <see cref="GroupField.Tree"/> carry the program name beside the number.</summary>
    public static IReadOnlyList<string> Columns(GroupField field) => field switch
    {
        GroupField.Pid => ["pid", "comm"],
        GroupField.Tree => ["tree_pid", "tree_comm"],
        GroupField.RemotePort => ["remote_port"],
        GroupField.LocalPort => ["local_port"],
        _ => [ByName.Single(entry => entry.Value == field).Key],
    };

    /// <summary>
    /// The fields to group by over <paramref name="recordings"/>: when they come from more than one host, a grouping
    /// that names processes (pid, tree) gets <see cref="GroupField.Host"/> just before them, since pid 1234 on one
    /// host is another process than pid 1234 on the next.
    /// </summary>
    public static IReadOnlyList<GroupField> SeparatingHosts(IReadOnlyList<GroupField> fields, RecordingSet recordings)
    {
        int process = fields.ToList().FindIndex(f => f is GroupField.Pid or GroupField.Tree);
        return recordings.Hosts.Count < 2 || process < 0 || fields.Contains(GroupField.Host)
            ? fields
            : [.. fields.Take(process), GroupField.Host, .. fields.Skip(process)];
    }

    /// <summary>Whether the column holds numbers (pids, ports), for sorting and output.</summary>
    public static bool IsNumeric(string column) => column is "pid" or "tree_pid" or "remote_port" or "local_port";
}
