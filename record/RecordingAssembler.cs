using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Text;
using ProcNetMon2.Bpf;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Record;

/// <summary>
/// Turns raw ring-buffer events into a recording: one process row per pid and program image, one
/// socket row per kernel socket and endpoints, narrow I/O events. Processes enter the recording when
/// they first do network I/O; exec and exit details are kept until then. Single-threaded.
/// </summary>
public sealed class RecordingAssembler(IRecordingSink sink, Func<int, ProcfsProcess> readProcfs) : IRingSampleHandler
{
    private const int EventBatch = 16_384;

    private sealed record PendingExec(long TimestampNs, int ParentPid, string Comm, string Filename);

    /// <summary>A socket's row plus what changes per event, kept mutable so the hot path allocates nothing.</summary>
    private sealed class SocketState(SocketRecord record)
    {
        public SocketRecord Record { get; } = record;
        public long LastSeenNs = record.LastSeenNs;
        public bool Dirty;
    }

    private readonly Dictionary<int, ProcessRecord> liveProcesses = [];
    private readonly Dictionary<int, PendingExec> execsWithoutIo = [];
    private readonly Dictionary<SocketKey, SocketState> sockets = [];
    private readonly List<SocketState> socketsTouched = [];
    private readonly IoEvent[] events = new IoEvent[EventBatch];
    private int eventCount;
    private ExceptionDispatchInfo? sinkFailure;
    private long nextProcessId = 1, nextSocketId = 1;

    public long EventsRecorded { get; private set; }
    public int ProcessesRecorded => (int)(nextProcessId - 1);
    public int SocketsRecorded => (int)(nextSocketId - 1);

    public void OnSample(ReadOnlySpan<byte> sample)
    {
        if (sinkFailure is not null)
            return;
        try
        {
            Assemble(sample);
        }
        catch (Exception e)
        {
            // This runs inside libbpf's callback: a failed write (disk full) is raised by the next
            // Flush, outside native frames, with its own type so the recorder can name it.
            sinkFailure = ExceptionDispatchInfo.Capture(e);
        }
    }

    private void Assemble(ReadOnlySpan<byte> sample)
    {
        if (sample.Length < Unsafe.SizeOf<EventHeader>())
            return;
        switch (MemoryMarshal.Read<EventHeader>(sample).Kind)
        {
            case EventKind.SockIo when sample.Length >= Unsafe.SizeOf<SockIoEvent>():
                OnSockIo(MemoryMarshal.Read<SockIoEvent>(sample));
                break;
            case EventKind.ProcessExec when sample.Length >= Unsafe.SizeOf<ProcessExecEvent>():
                OnExec(MemoryMarshal.Read<ProcessExecEvent>(sample));
                break;
            case EventKind.ProcessExit when sample.Length >= Unsafe.SizeOf<ProcessExitEvent>():
                OnExit(MemoryMarshal.Read<ProcessExitEvent>(sample));
                break;
        }
    }

    /// <summary>Hands everything assembled so far to the sink and makes it durable.</summary>
    public void Flush()
    {
        sinkFailure?.Throw();
        foreach (var socket in socketsTouched)
        {
            sink.UpsertSocket(socket.Record with { LastSeenNs = socket.LastSeenNs });
            socket.Dirty = false;
        }
        socketsTouched.Clear();
        sink.AddEvents(events.AsSpan(0, eventCount));
        eventCount = 0;
        sink.Flush();
    }

    private void OnSockIo(in SockIoEvent e)
    {
        long ts = (long)e.Header.TimestampNs;
        var process = ProcessOf(e, ts);
        ref var socket = ref CollectionsMarshal.GetValueRefOrAddDefault(sockets, SocketKey.From(e), out bool known);
        if (!known)
            socket = new SocketState(NewSocket(e, process.ProcessId, ts));
        socket!.LastSeenNs = Math.Max(socket.LastSeenNs, ts);
        if (!socket.Dirty)
        {
            socket.Dirty = true;
            socketsTouched.Add(socket);
        }

        events[eventCount++] = new IoEvent(ts, process.ProcessId, (int)e.Header.Tid, socket.Record.SocketId, e.Direction, e.Bytes);
        EventsRecorded++;
        if (eventCount == events.Length)
        {
            sink.AddEvents(events);
            eventCount = 0;
        }
    }

    private SocketRecord NewSocket(in SockIoEvent e, long processId, long ts) => new()
    {
        SocketId = nextSocketId++,
        ProcessId = processId,
        Family = e.Family,
        Protocol = e.Protocol,
        LocalAddr = AddressText.Format(e.LocalAddr, e.Family, emptyWhenUnspecified: false),
        LocalPort = e.LocalPort,
        RemoteAddr = AddressText.Format(e.RemoteAddr, e.Family, emptyWhenUnspecified: true),
        RemotePort = e.RemotePort,
        FirstSeenNs = ts,
        LastSeenNs = ts,
    };

    private ProcessRecord ProcessOf(in SockIoEvent e, long ts)
    {
        int pid = (int)e.Header.Pid;
        if (liveProcesses.TryGetValue(pid, out var known))
            return known;
        string comm = CString(e.Comm);
        var procfs = readProcfs(pid);
        execsWithoutIo.Remove(pid, out var exec);
        var process = new ProcessRecord
        {
            ProcessId = nextProcessId++,
            Pid = pid,
            ParentPid = exec?.ParentPid ?? procfs.ParentPid,
            Comm = comm,
            Exe = procfs.Exe ?? exec?.Filename,
            Cmdline = procfs.Cmdline,
            Uid = procfs.Uid,
            FirstSeenNs = ts,
            ExecNs = exec?.TimestampNs,
        };
        liveProcesses[pid] = process;
        sink.UpsertProcess(process);
        return process;
    }

    private void OnExec(in ProcessExecEvent e)
    {
        int pid = (int)e.Header.Pid;
        // A new program image is a new process row; the old image's row stays as it was.
        liveProcesses.Remove(pid);
        execsWithoutIo[pid] = new PendingExec((long)e.Header.TimestampNs, (int)e.ParentPid,
            CString(e.Comm), CString(e.Filename));
    }

    private void OnExit(in ProcessExitEvent e)
    {
        int pid = (int)e.Header.Pid;
        execsWithoutIo.Remove(pid);
        if (liveProcesses.Remove(pid, out var process))
            sink.UpsertProcess(process with { ExitNs = (long)e.Header.TimestampNs, ExitCode = e.ExitCode });
    }

    private static string CString(ReadOnlySpan<byte> span)
    {
        int end = span.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
    }
}
