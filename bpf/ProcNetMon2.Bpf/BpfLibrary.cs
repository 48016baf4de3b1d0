namespace ProcNetMon2.Bpf;

public static class BpfLibrary
{
    /// <summary>The loaded libbpf's version; throws DllNotFoundException when it is not installed.</summary>
    public static Version Version => new((int)LibBpf.MajorVersion(), (int)LibBpf.MinorVersion());
}
