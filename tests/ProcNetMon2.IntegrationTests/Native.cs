using System.Runtime.InteropServices;

namespace ProcNetMon2.IntegrationTests;

internal static partial class Native
{
    public const int SIGINT = 2, SIGTERM = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();
}
