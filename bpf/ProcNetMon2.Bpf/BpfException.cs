using System.Runtime.InteropServices;

namespace ProcNetMon2.Bpf;

/// <summary>A libbpf call failed; Errno is the positive errno it reported.</summary>
public class BpfException(string message, int errno) : Exception(message)
{
    public int Errno { get; } = errno;

    /// <summary>The kernel refused by policy (EPERM): lockdown or a security module, not a missing feature.</summary>
    public bool PermissionDenied => Errno == ErrnoCodes.EPERM;

    internal static BpfException FromErrno(string what, int errno) =>
        errno is ErrnoCodes.ENOTSUP or ErrnoCodes.EOPNOTSUPP or ErrnoCodes.ENOENT
            ? new BpfNotSupportedException($"{what}: {Describe(errno)}", errno)
            : new BpfException($"{what}: {Describe(errno)}", errno);

    internal static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
}

/// <summary>The kernel lacks what was asked for (a hook, a map type, a helper).</summary>
public sealed class BpfNotSupportedException(string message, int errno) : BpfException(message, errno);

internal static class ErrnoCodes
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EOPNOTSUPP = 95;
    public const int ENOTSUP = 524;
}
