using System.Runtime.InteropServices;

namespace ProcNetMon2.Record.Privileges;

/// <summary>
/// The libc calls that change a process's credentials. Capabilities, the bounding set, keep-caps and
/// no_new_privs belong to the calling thread; glibc applies the uid, gid and group changes to every thread.
/// </summary>
internal static unsafe partial class Credentials
{
    private const uint CapabilityVersion3 = 0x20080522;
    private const int PR_SET_KEEPCAPS = 8, PR_CAPBSET_DROP = 24, PR_SET_NO_NEW_PRIVS = 38, PR_CAP_AMBIENT = 47;
    private const int PR_CAP_AMBIENT_CLEAR_ALL = 4;

    [StructLayout(LayoutKind.Sequential)]
    private struct CapHeader
    {
        public uint Version;
        public int Pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CapData
    {
        public uint Effective;
        public uint Permitted;
        public uint Inheritable;
    }

    /// <summary>The calling thread's effective and permitted sets, as bit masks.</summary>
    public static (ulong Effective, ulong Permitted) Get()
    {
        var header = new CapHeader { Version = CapabilityVersion3 };
        var data = stackalloc CapData[2];
        Check(CapGet(&header, data), "capget");
        return (data[0].Effective | (ulong)data[1].Effective << 32, data[0].Permitted | (ulong)data[1].Permitted << 32);
    }

    /// <summary>Sets the calling thread's effective and permitted sets; the inheritable set is emptied.</summary>
    public static void Set(ulong effective, ulong permitted)
    {
        var header = new CapHeader { Version = CapabilityVersion3 };
        var data = stackalloc CapData[2];
        data[0] = new CapData { Effective = (uint)effective, Permitted = (uint)permitted };
        data[1] = new CapData { Effective = (uint)(effective >> 32), Permitted = (uint)(permitted >> 32) };
        Check(CapSet(&header, data), "capset");
    }

    public static void DropFromBoundingSet(int capability) => Check(Prctl(PR_CAPBSET_DROP, (nuint)capability, 0, 0, 0), "PR_CAPBSET_DROP");

    public static void ClearAmbient() => Check(Prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0), "PR_CAP_AMBIENT");

    public static void KeepCapsAcrossUidChange(bool keep) => Check(Prctl(PR_SET_KEEPCAPS, keep ? 1u : 0u, 0, 0, 0), "PR_SET_KEEPCAPS");

    public static void SetNoNewPrivs() => Check(Prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "PR_SET_NO_NEW_PRIVS");

    /// <summary>Supplementary groups, then gid, then uid: every id, real, effective and saved.</summary>
    public static void SwitchUser(uint uid, uint gid)
    {
        Check(SetGroups(1, &gid), "setgroups");
        Check(SetResGid(gid, gid, gid), "setresgid");
        Check(SetResUid(uid, uid, uid), "setresuid");
    }

    /// <summary>The uid and primary gid of a user, from any name service; null when there is no such user.</summary>
    public static (uint Uid, uint Gid)? LookUpUser(string name)
    {
        Passwd* entry = GetPwNam(name);
        return entry == null ? null : (entry->Uid, entry->Gid);
    }

    public static void ChangeOwner(string path, uint uid, uint gid) => Check(LChown(path, uid, gid), $"chown {path}");

    [StructLayout(LayoutKind.Sequential)]
    private struct Passwd
    {
        public nint Name, Password;
        public uint Uid, Gid;
        public nint Gecos, Home, Shell;
    }

    private static void Check(int result, string call)
    {
        if (result != 0)
            throw new PrivilegeException($"{call} failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
    }

    [LibraryImport("libc", EntryPoint = "capget", SetLastError = true)]
    private static partial int CapGet(CapHeader* header, CapData* data);

    [LibraryImport("libc", EntryPoint = "capset", SetLastError = true)]
    private static partial int CapSet(CapHeader* header, CapData* data);

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport("libc", EntryPoint = "setgroups", SetLastError = true)]
    private static partial int SetGroups(nuint size, uint* groups);

    [LibraryImport("libc", EntryPoint = "setresgid", SetLastError = true)]
    private static partial int SetResGid(uint real, uint effective, uint saved);

    [LibraryImport("libc", EntryPoint = "setresuid", SetLastError = true)]
    private static partial int SetResUid(uint real, uint effective, uint saved);

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LChown(string path, uint uid, uint gid);

    [LibraryImport("libc", EntryPoint = "getpwnam", StringMarshalling = StringMarshalling.Utf8)]
    private static partial Passwd* GetPwNam(string name);
}

public sealed class PrivilegeException(string message) : Exception(message);
