namespace ProcNetMon2.Bpf;

/// <summary>The running kernel's BTF: which types, and so which hooks, exist.</summary>
public sealed class KernelBtf : IDisposable
{
    public const string VmlinuxPath = "/sys/kernel/btf/vmlinux";

    private nint btf;

    private KernelBtf(nint btf) => this.btf = btf;

    public static bool IsPresent => File.Exists(VmlinuxPath);

    public static KernelBtf Load()
    {
        nint btf = LibBpf.BtfLoadVmlinux();
        if (btf == 0)
            throw BpfException.FromErrno($"cannot load kernel BTF from {VmlinuxPath}", System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
        return new KernelBtf(btf);
    }

    /// <summary>
    /// Whether the kernel's BTF declares the tracepoint (its btf_trace_ typedef): what tp_btf programs attach to,
    /// and a sure sign the raw tracepoint exists too.
    /// </summary>
    public bool HasBtfTracepoint(string name) =>
        LibBpf.BtfFindByNameKind(btf, "btf_trace_" + name, LibBpf.BtfKindTypedef) > 0;

    /// <summary>The number of parameters of a kernel function, or null when BTF does not describe it.</summary>
    public unsafe int? FunctionArity(string name)
    {
        int id = LibBpf.BtfFindByNameKind(btf, name, LibBpf.BtfKindFunc);
        if (id <= 0)
            return null;
        LibBpf.BtfType* function = LibBpf.BtfTypeById(btf, (uint)id);
        LibBpf.BtfType* prototype = LibBpf.BtfTypeById(btf, function->SizeOrType);
        return prototype is null ? null : prototype->Vlen;
    }

    /// <summary>The number of arguments a tracepoint passes (its btf_trace_ typedef, less the context), or null.</summary>
    public unsafe int? TracepointArity(string name)
    {
        int id = LibBpf.BtfFindByNameKind(btf, "btf_trace_" + name, LibBpf.BtfKindTypedef);
        if (id <= 0)
            return null;
        LibBpf.BtfType* pointer = LibBpf.BtfTypeById(btf, LibBpf.BtfTypeById(btf, (uint)id)->SizeOrType);
        LibBpf.BtfType* prototype = LibBpf.BtfTypeById(btf, pointer->SizeOrType);
        return prototype is null ? null : prototype->Vlen - 1;
    }

    public void Dispose()
    {
        if (btf != 0)
            LibBpf.BtfFree(btf);
        btf = 0;
    }
}
