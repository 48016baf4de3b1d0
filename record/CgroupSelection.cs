using System.Runtime.InteropServices;

namespace ProcNetMon2.Record;

/// <summary>
/// Turns --cgroup paths and --container ids into cgroup v2 ids (directory inode numbers), each with
/// all its descendants as they exist when recording starts.
/// </summary>
public static class CgroupSelection
{
    public static IReadOnlyList<ulong> Resolve(string? cgroupV2Mount, IReadOnlyList<string> cgroups, IReadOnlyList<string> containers)
    {
        if (cgroups.Count == 0 && containers.Count == 0)
            return [];
        if (cgroupV2Mount is null)
            throw new RecordException("--cgroup and --container need cgroup v2, and none is mounted (see /proc/mounts)");
        var roots = new List<string>();
        foreach (string cgroup in cgroups)
        {
            string path = cgroup.StartsWith(cgroupV2Mount, StringComparison.Ordinal) ? cgroup : Path.Join(cgroupV2Mount, cgroup);
            roots.Add(Directory.Exists(path) ? path : throw new RecordException($"no cgroup {cgroup} under {cgroupV2Mount}"));
        }
        foreach (string container in containers)
        {
            string id = container.Length > 12 ? container[..12] : container;
            var found = AllDirectories(cgroupV2Mount)
                .Where(dir => CgroupNames.Container(dir[cgroupV2Mount.Length..]) is { } named && named.StartsWith(id, StringComparison.Ordinal))
                .ToList();
            roots.AddRange(found.Count > 0 ? found : throw new RecordException($"no cgroup of container {container} under {cgroupV2Mount}"));
        }
        return roots.SelectMany(root => AllDirectories(root).Prepend(root)).Distinct().Select(InodeOf).ToList();
    }

    private static IEnumerable<string> AllDirectories(string root) =>
        Directory.EnumerateDirectories(root, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true });

    /// <summary>A cgroup v2 id is its directory's inode number, as bpf_get_current_cgroup_id() gives it.</summary>
    private static ulong InodeOf(string directory) =>
        FileInode.Of(directory) ?? throw new RecordException($"cannot stat cgroup {directory}");
}

/// <summary>A file's inode number, from stat(2).</summary>
public static unsafe partial class FileInode
{
    // struct stat on 64-bit Linux (x86-64 and the generic layout alike): st_dev, then st_ino.
    private const int StatSize = 256, InodeOffset = 8;

    public static ulong? Of(string path)
    {
        byte* buffer = stackalloc byte[StatSize];
        return Stat(path, buffer) == 0 ? *(ulong*)(buffer + InodeOffset) : null;
    }

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Stat(string path, byte* buffer);
}
