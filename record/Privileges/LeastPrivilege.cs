namespace ProcNetMon2.Record.Privileges;

/// <summary>
/// What a running recorder keeps once its programs are attached and its output is open, found by
/// trying each of its jobs without privileges (docs/security.md): everything else is dropped, from
/// the effective, permitted, inheritable, ambient and bounding sets, and no_new_privs is set.
/// </summary>
public static class LeastPrivilege
{
    // linux/capability.h
    private const int CapSetPcap = 8, CapSysPtrace = 19, CapBpf = 39;

    /// <summary>
    /// CAP_SYS_PTRACE: /proc/PID/exe of a process of another user, or of one holding capabilities the
    /// recorder no longer has, is a ptrace read access check.
    /// </summary>
    public static readonly IReadOnlyList<int> Always = [CapSysPtrace];

    /// <summary>CAP_BPF, kept only where bpf() on the recorder's own map fds needs it (kernels before 6.5 with unprivileged BPF disabled).</summary>
    public const int BpfWhenRequired = CapBpf;

    /// <summary>
    /// Drops to <see cref="Always"/> (plus CAP_BPF if <paramref name="bpfMapsReadable"/> fails without it),
    /// as <paramref name="user"/> when given, after handing <paramref name="ownedByUser"/> to that user.
    /// Returns the capabilities kept. Must run on the thread that will start the recorder's threads:
    /// capabilities belong to threads, and new threads inherit their creator's.
    /// </summary>
    public static IReadOnlyList<int> Drop(RecorderUser? user, IEnumerable<string> ownedByUser, Func<bool> bpfMapsReadable)
    {
        // A recorder started with fewer capabilities (a service's set, say) keeps what it has of these.
        var (effective, permitted) = Credentials.Get();
        ulong always = Mask(Always) & permitted, withBpf = (always | Mask([CapBpf])) & permitted;
        // Kept in the bounding set: what the recorder keeps, and what it may find it needs.
        for (int cap = 0; cap <= LastCapability() && (effective & (1UL << CapSetPcap)) != 0; cap++)
        {
            if ((withBpf & (1UL << cap)) == 0)
                Credentials.DropFromBoundingSet(cap);
        }
        Credentials.ClearAmbient();
        if (user is { } u)
        {
            foreach (string path in ownedByUser)
                Credentials.ChangeOwner(path, u.Uid, u.Gid);
            Credentials.KeepCapsAcrossUidChange(true);
            Credentials.SwitchUser(u.Uid, u.Gid);
            Credentials.KeepCapsAcrossUidChange(false);
        }
        Credentials.Set(effective: always, permitted: withBpf);
        ulong kept = bpfMapsReadable() ? always : withBpf;
        Credentials.Set(effective: kept, permitted: kept);
        Credentials.SetNoNewPrivs();
        return Enumerable.Range(0, 64).Where(cap => (kept & (1UL << cap)) != 0).ToList();
    }

    public static string Name(int capability) => capability switch
    {
        CapSysPtrace => "CAP_SYS_PTRACE",
        CapBpf => "CAP_BPF",
        _ => $"capability {capability}",
    };

    private static ulong Mask(IEnumerable<int> capabilities) => capabilities.Aggregate(0UL, (mask, cap) => mask | 1UL << cap);

    private static int LastCapability() =>
        int.TryParse(File.ReadAllText("/proc/sys/kernel/cap_last_cap").Trim(), out int last) ? last : 40;
}

/// <summary>The unprivileged user a recorder continues as.</summary>
public readonly record struct RecorderUser(string Name, uint Uid, uint Gid)
{
    public static RecorderUser Find(string name) =>
        Credentials.LookUpUser(name) is { } ids
            ? new RecorderUser(name, ids.Uid, ids.Gid)
            : throw new PrivilegeException($"--user {name}: no such user");
}
