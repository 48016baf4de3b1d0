using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using ProcNetMon2.Bpf;
using ProcNetMon2.Bpf.Abi;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Record;

/// <summary>
/// Turns raw ring-buffer events into a recording: processes (fork, exec, exit), sockets with their
/// TCP lifecycle, and narrow I/O events, batched for the sink. Single-threaded: the recorder's writer
/// thread hands it the records the drain thread copied out of the ring, in ring order.
/// </summary>
public sealed class RecordingAssembler : IRingSampleHandler
{
    private const int EventBatch = 16_384;

    private readonly IRecordingSink sink;
    private readonly ProcessTable processes;
    private readonly SocketTable sockets;
    private readonly IoEvent[] events = new IoEvent[EventBatch];
    private readonly List<SummarizedIoRecord> summaries = [];
    private int eventCount;

    public RecordingAssembler(IRecordingSink sink, Func<int, ProcfsProcess> readProcfs, Func<int, string?> userNameOf)
    {
        this.sink = sink;
        processes = new ProcessTable(sink, readProcfs, userNameOf);
        sockets = new SocketTable(sink);
    }

    public long EventsRecorded { get; private set; }
    /// <summary>Socket calls the kernel summed in its overflow maps: in the totals, without their own events.</summary>
    public long CallsSummarized { get; private set; }
    public int ProcessesRecorded => processes.Count;
    public int SocketsRecorded => sockets.Count;

    public void OnSample(ReadOnlySpan<byte> sample)
    {
        if (sample.Length < Unsafe.SizeOf<EventHeader>())
            return;
        var header = MemoryMarshal.Read<EventHeader>(sample);
        long ts = (long)header.TimestampNs;
        switch (header.Kind)
        {
            case EventKind.SockIo when sample.Length >= Unsafe.SizeOf<SockIoEvent>():
                OnSockIo(MemoryMarshal.Read<SockIoEvent>(sample), ts);
                break;
            case EventKind.ProcessFork when sample.Length >= Unsafe.SizeOf<ProcessForkEvent>():
                var fork = MemoryMarshal.Read<ProcessForkEvent>(sample);
                processes.OnFork((int)header.Pid, (int)fork.ChildPid, ts, CString(fork.Comm));
                break;
            case EventKind.ProcessExec when sample.Length >= Unsafe.SizeOf<ProcessExecEvent>():
                var exec = MemoryMarshal.Read<ProcessExecEvent>(sample);
                processes.OnExec((int)header.Pid, (int)exec.ParentPid, ts, CString(exec.Comm), CString(exec.Filename));
                break;
            case EventKind.ProcessExit when sample.Length >= Unsafe.SizeOf<ProcessExitEvent>():
                processes.OnExit((int)header.Pid, ts, MemoryMarshal.Read<ProcessExitEvent>(sample).ExitCode);
                break;
            case EventKind.SockState when sample.Length >= Unsafe.SizeOf<SockStateEvent>():
                sockets.OnState(MemoryMarshal.Read<SockStateEvent>(sample), ts,
                    () => processes.Of((int)header.Pid, ts, comm: null).ProcessId);
                break;
            case EventKind.SockAccept when sample.Length >= Unsafe.SizeOf<SockAcceptEvent>():
                var accept = MemoryMarshal.Read<SockAcceptEvent>(sample);
                var acceptor = processes.Known((int)header.Pid) ?? processes.Of((int)header.Pid, ts, CString(accept.Comm));
                sockets.OnAccept(accept, acceptor.ProcessId, ts);
                break;
            case EventKind.TcpIncident when sample.Length >= Unsafe.SizeOf<TcpIncidentEvent>():
                sockets.OnIncident(MemoryMarshal.Read<TcpIncidentEvent>(sample), ts);
                break;
            case EventKind.PayloadPrefix when sample.Length >= Unsafe.SizeOf<PayloadPrefixEvent>():
                sockets.OnPayload(MemoryMarshal.Read<PayloadPrefixEvent>(sample));
                break;
        }
    }

    public long SocketIdOfCookie(ulong cookie) => sockets.SocketIdOfCookie(cookie);

    /// <summary>Hands everything assembled so far to the sink and makes it durable.</summary>
    public void Flush()
    {
        processes.Flush();
        sockets.Flush();
        sink.AddEvents(events.AsSpan(0, eventCount));
        eventCount = 0;
        if (summaries.Count > 0)
        {
            sink.AddSummarizedIo(summaries);
            summaries.Clear();
        }
        sink.Flush();
    }

    private void OnSockIo(in SockIoEvent e, long ts)
    {
        // The name is decoded only for a process not seen yet: this runs for every event.
        var process = processes.Known((int)e.Header.Pid) ?? processes.Of((int)e.Header.Pid, ts, CString(e.Comm));
        long socketId = sockets.OnIo(e, process.ProcessId, ts);
        events[eventCount++] = new IoEvent(ts, process.ProcessId, (int)e.Header.Tid, socketId, e.Direction.ToRecorded(), e.Bytes);
        EventsRecorded++;
        if (eventCount == events.Length)
        {
            sink.AddEvents(events);
            eventCount = 0;
        }
    }

    /// <summary>
    /// Calls the kernel summed because its ring had no room: their process and socket are resolved as
    /// for ring events (an entry names them fully when no event did), and they are written at the next flush.
    /// </summary>
    public void OnOverflow(IReadOnlyList<(SockIoOverflowKey Key, SockIoOverflow Sum)> entries)
    {
        foreach (var (key, sum) in entries)
        {
            int pid = (int)(key.PidTgid >> 32), tid = (int)(uint)key.PidTgid;
            long first = (long)sum.FirstNs, last = (long)sum.LastNs;
            var call = new SockIoEvent
            {
                Header = new EventHeader { TimestampNs = sum.FirstNs, Pid = (uint)pid, Tid = (uint)tid, Kind = EventKind.SockIo },
                SockId = key.SockId,
                Cookie = key.Cookie,
                LocalAddr = sum.LocalAddr,
                RemoteAddr = sum.RemoteAddr,
                LocalPort = sum.LocalPort,
                RemotePort = sum.RemotePort,
                Family = sum.Family,
                Protocol = sum.Protocol,
                Direction = key.Direction,
                Comm = sum.Comm,
            };
            var process = processes.OfSummarized(pid, first, CString(sum.Comm));
            long socketId = sockets.OnSummarizedIo(call, process.ProcessId, first, last);
            summaries.Add(new SummarizedIoRecord
            {
                WindowStartNs = first,
                WindowEndNs = last,
                ProcessId = process.ProcessId,
                Tid = tid,
                SocketId = socketId,
                Direction = key.Direction.ToRecorded(),
                Bytes = (long)sum.Bytes,
                Calls = (long)sum.Calls,
            });
            CallsSummarized += (long)sum.Calls;
        }
    }

    private static string CString(ReadOnlySpan<byte> span)
    {
        int end = span.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
    }
}
