using System.Runtime.InteropServices;
using System.Text;

namespace ProcNetMon2.Bpf;

/// <summary>
/// A BPF object through its life: opened (configure globals, map sizes, which programs load),
/// loaded (fill maps), attached (links). Disposal order: links, then the object.
/// </summary>
public sealed unsafe class BpfObject : IDisposable
{
    private readonly BpfObjectHandle handle;
    private readonly List<BpfLinkHandle> links = [];
    private nint bss;
    private nuint bssLength;
    private bool loaded;

    private BpfObject(BpfObjectHandle handle) => this.handle = handle;

    /// <summary>The embedded object built for an architecture (bpf/build.sh); null for one pnm has no object for.</summary>
    public static string? EmbeddedObjectName(Architecture architecture) => architecture switch
    {
        Architecture.X64 => "pnm.x64.bpf.o",
        Architecture.Arm64 => "pnm.arm64.bpf.o",
        _ => null,
    };

    /// <summary>pnm's own object for the architecture it runs on, embedded in this assembly.</summary>
    public static BpfObject OpenEmbedded()
    {
        var architecture = RuntimeInformation.ProcessArchitecture;
        string name = EmbeddedObjectName(architecture)
            ?? throw new InvalidOperationException($"pnm has no BPF programs for {architecture}");
        using var stream = typeof(BpfObject).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded in this build");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return Open(bytes, "pnm");
    }

    public static BpfObject Open(ReadOnlySpan<byte> elf, string name)
    {
        byte[] nameBytes = Encoding.UTF8.GetBytes(name + "\0");
        fixed (byte* data = elf)
        fixed (byte* namePtr = nameBytes)
        {
            var options = new LibBpf.OpenOptions { Size = (nuint)sizeof(LibBpf.OpenOptions), ObjectName = namePtr };
            nint obj = LibBpf.ObjectOpenMem(data, (nuint)elf.Length, &options);
            if (obj == 0)
                throw BpfException.FromErrno("cannot open the BPF object", Marshal.GetLastPInvokeError());
            var handle = new BpfObjectHandle();
            Marshal.InitHandle(handle, obj);
            return new BpfObject(handle);
        }
    }

    /// <summary>Sets a <c>const volatile</c> global before load.</summary>
    public void SetReadOnlyGlobal<T>(string name, T value) where T : unmanaged
    {
        EnsureNotLoaded();
        nint map = Map(".rodata");
        var (offset, size) = FindVariable(".rodata", name);
        if (size != sizeof(T))
            throw new ArgumentException($"global {name} is {size} bytes in the BPF object, not {sizeof(T)}");
        nuint dataSize;
        byte* current = LibBpf.MapInitialValue(map, &dataSize);
        var copy = new ReadOnlySpan<byte>(current, (int)dataSize).ToArray();
        MemoryMarshal.Write(copy.AsSpan(offset), in value);
        fixed (byte* data = copy)
            Check(LibBpf.MapSetInitialValue(map, data, dataSize), $"cannot set {name}");
    }

    public void SetMaxEntries(string mapName, uint entries)
    {
        EnsureNotLoaded();
        Check(LibBpf.MapSetMaxEntries(Map(mapName), entries), $"cannot size map {mapName} to {entries}");
    }

    public IReadOnlyList<string> ProgramNames
    {
        get
        {
            var names = new List<string>();
            for (nint program = LibBpf.NextProgram(handle, 0); program != 0; program = LibBpf.NextProgram(handle, program))
                names.Add(Marshal.PtrToStringUTF8((nint)LibBpf.ProgramName(program))!);
            return names;
        }
    }

    /// <summary>Keeps a program out of the load, so a hook this kernel lacks cannot fail the object.</summary>
    public void SetAutoload(string programName, bool autoload)
    {
        EnsureNotLoaded();
        Check(LibBpf.ProgramSetAutoload(Program(programName), autoload), $"cannot set autoload of {programName}");
    }

    public void Load()
    {
        EnsureNotLoaded();
        int result = LibBpf.ObjectLoad(handle);
        if (result < 0)
        {
            string log = LibBpfLog.RecentMessages().Split('\n').LastOrDefault(l => l.Length > 0) ?? "";
            throw BpfException.FromErrno($"cannot load the BPF programs{(log.Length > 0 ? $" ({log})" : "")}", -result);
        }
        loaded = true;
    }

    public void Attach(string programName)
    {
        nint link = LibBpf.ProgramAttach(Program(programName));
        if (link == 0)
            throw BpfException.FromErrno($"cannot attach {programName}", Marshal.GetLastPInvokeError());
        var linkHandle = new BpfLinkHandle();
        Marshal.InitHandle(linkHandle, link);
        links.Add(linkHandle);
    }

    /// <summary>Attaches a cgroup program to the cgroup v2 directory at <paramref name="cgroupPath"/>.</summary>
    public void AttachCgroup(string programName, string cgroupPath)
    {
        int fd = LibBpf.Open(cgroupPath, LibBpf.ORdOnly | LibBpf.ODirectory);
        if (fd < 0)
            throw BpfException.FromErrno($"cannot open cgroup {cgroupPath}", Marshal.GetLastPInvokeError());
        try
        {
            nint link = LibBpf.ProgramAttachCgroup(Program(programName), fd);
            if (link == 0)
                throw BpfException.FromErrno($"cannot attach {programName} to {cgroupPath}", Marshal.GetLastPInvokeError());
            var linkHandle = new BpfLinkHandle();
            Marshal.InitHandle(linkHandle, link);
            links.Add(linkHandle);
        }
        finally
        {
            LibBpf.Close(fd);
        }
    }

    /// <summary>Reads and removes every entry of a hash map no program writes any more.</summary>
    public List<(TKey Key, TValue Value)> Drain<TKey, TValue>(string mapName)
        where TKey : unmanaged where TValue : unmanaged
    {
        int fd = LibBpf.MapFd(MapOf<TKey, TValue>(mapName));
        var entries = new List<(TKey, TValue)>();
        TKey key = default;
        void* previous = null;
        while (LibBpf.MapGetNextKey(fd, previous, &key) == 0)
        {
            TValue value;
            if (LibBpf.MapLookupElem(fd, &key, &value) == 0)
                entries.Add((key, value));
            previous = &key;
        }
        foreach (var (entryKey, _) in entries)
        {
            var k = entryKey;
            LibBpf.MapDeleteElem(fd, &k);
        }
        return entries;
    }

    /// <summary>
    /// Reads or writes a global of the loaded object's .bss in place: the map is mapped into this
    /// process, so programs see a write at once and no other global is touched (a map update would
    /// rewrite the whole section, racing with the programs' own writes).
    /// </summary>
    public T ReadGlobal<T>(string name) where T : unmanaged => *LiveGlobal<T>(name);

    public void WriteGlobal<T>(string name, T value) where T : unmanaged => *LiveGlobal<T>(name) = value;

    private T* LiveGlobal<T>(string name) where T : unmanaged
    {
        if (!loaded)
            throw new InvalidOperationException("globals of .bss are live only once the object is loaded");
        var (offset, size) = FindVariable(".bss", name);
        if (size != sizeof(T))
            throw new ArgumentException($"global {name} is {size} bytes in the BPF object, not {sizeof(T)}");
        if (bss == 0)
        {
            nint map = Map(".bss");
            nuint sectionSize;
            LibBpf.MapInitialValue(map, &sectionSize);
            bssLength = (nuint)((long)(sectionSize + (nuint)Environment.SystemPageSize - 1) / Environment.SystemPageSize * Environment.SystemPageSize);
            bss = LibBpf.Mmap(0, bssLength, LibBpf.ProtRead | LibBpf.ProtWrite, LibBpf.MapShared, LibBpf.MapFd(map), 0);
            if (bss == -1)
            {
                bss = 0;
                throw BpfException.FromErrno("cannot map the .bss section", Marshal.GetLastPInvokeError());
            }
        }
        return (T*)((byte*)bss + offset);
    }

    public void Update<TKey, TValue>(string mapName, TKey key, TValue value)
        where TKey : unmanaged where TValue : unmanaged
    {
        Check(LibBpf.MapUpdateElem(LibBpf.MapFd(MapOf<TKey, TValue>(mapName)), &key, &value, 0), $"cannot update map {mapName}");
    }

    /// <summary>A per-CPU u64 array slot, one value for each possible CPU.</summary>
    public ulong[] ReadPerCpu(string mapName, uint key)
    {
        int cpus = LibBpf.NumPossibleCpus();
        if (cpus <= 0)
            throw BpfException.FromErrno("cannot count possible CPUs", -cpus);
        var values = new ulong[cpus];
        fixed (ulong* valuePtr = values)
            Check(LibBpf.MapLookupElem(LibBpf.MapFd(MapOf<uint, ulong>(mapName)), &key, valuePtr), $"cannot read map {mapName}");
        return values;
    }

    public RingBufferReader OpenRingBuffer(string mapName, IRingSampleHandler handler) =>
        RingBufferReader.Create(LibBpf.MapFd(Map(mapName)), handler);

    private (int Offset, int Size) FindVariable(string section, string name)
    {
        nint btf = LibBpf.ObjectBtf(handle);
        int sectionId = LibBpf.BtfFindByNameKind(btf, section, LibBpf.BtfKindDatasec);
        if (btf == 0 || sectionId <= 0)
            throw new ArgumentException($"the BPF object has no {section} section");
        LibBpf.BtfType* type = LibBpf.BtfTypeById(btf, (uint)sectionId);
        var variables = (LibBpf.VarSecInfo*)(type + 1);
        for (int i = 0; i < type->Vlen; i++)
        {
            LibBpf.BtfType* variable = LibBpf.BtfTypeById(btf, variables[i].Type);
            if (Marshal.PtrToStringUTF8((nint)LibBpf.BtfNameByOffset(btf, variable->NameOffset)) == name)
                return ((int)variables[i].Offset, (int)variables[i].Size);
        }
        throw new ArgumentException($"the BPF object has no global {name} in {section}");
    }

    private nint Map(string name)
    {
        nint map = LibBpf.FindMapByName(handle, name);
        return map != 0 ? map : throw new ArgumentException($"the BPF object has no map {name}");
    }

    /// <summary>A map whose entries are exactly TKey and TValue: any other size would overrun one side's memory.</summary>
    private nint MapOf<TKey, TValue>(string name) where TKey : unmanaged where TValue : unmanaged
    {
        nint map = Map(name);
        uint keySize = LibBpf.MapKeySize(map), valueSize = LibBpf.MapValueSize(map);
        if (keySize != sizeof(TKey) || valueSize != sizeof(TValue))
            throw new ArgumentException(
                $"map {name} holds {keySize}-byte keys and {valueSize}-byte values, not {sizeof(TKey)} and {sizeof(TValue)} ({typeof(TKey).Name}, {typeof(TValue).Name})");
        return map;
    }

    private nint Program(string name)
    {
        nint program = LibBpf.FindProgramByName(handle, name);
        return program != 0 ? program : throw new ArgumentException($"the BPF object has no program {name}");
    }

    private void EnsureNotLoaded()
    {
        if (loaded)
            throw new InvalidOperationException("the BPF object is already loaded");
    }

    private static void Check(int result, string what)
    {
        if (result < 0)
            throw BpfException.FromErrno(what, -result);
    }

    public void DetachAll()
    {
        foreach (var link in links)
            link.Dispose();
        links.Clear();
    }

    public void Dispose()
    {
        DetachAll();
        if (bss != 0)
            LibBpf.Munmap(bss, bssLength);
        bss = 0;
        handle.Dispose();
    }
}
