using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze.Export;

/// <summary>
/// One Parquet row group's events, reordered by process, socket and time and then laid out column by column.
/// In that order a process's or a socket's columns repeat in long runs, which dictionary and run-length
/// encoding store in almost nothing; time order survives within each socket, and across groups.
/// The arrays are kept and refilled for the next group, so memory is bounded by one group.
/// </summary>
internal sealed class EventRowGroup(int capacity)
{
    private static readonly ReadOnlyMemory<char> Tx = "tx".AsMemory(), Rx = "rx".AsMemory();

    // As added, in time order: each row's own fields (together: laying them out in another order reads one row from one
    // place, not six), and which (process, socket) run it belongs to.
    private readonly AddedRow[] added = new AddedRow[capacity];
    private readonly int[] runOf = new int[capacity];
    private readonly Dictionary<(long ProcessId, long SocketId), int> runIndex = [];
    private readonly List<Run> runs = [];
    // The run of each small socket id's first process, plus one (0: none yet): recordings number their sockets from 1,
    // and an array look-up per row costs a fraction of the dictionary's (3% of an export).
    private readonly int[] runOfSocket = new int[1 << 16];

    private record struct AddedRow(long TsNs, long WallNs, long Bytes, long Calls, int Tid, bool Tx);

    /// <summary>The rows of one process and socket: the same values in every process and socket column.</summary>
    private sealed record Run(long ProcessId, long SocketId, ProcessRecord? Process, SocketRecord? Socket, string? Protocol)
    {
        public int Start { get; set; }
        public int Length { get; set; }
        public long TxBytes { get; set; }
        public long RxBytes { get; set; }
    }

    public int Count { get; private set; }

    public bool IsFull => Count == added.Length;

    public long[] TsNs { get; } = new long[capacity];
    public DateTime[] Time { get; } = new DateTime[capacity];
    public OptionalColumn<int> Pid { get; } = new(capacity);
    public int[] Tid { get; } = new int[capacity];
    public OptionalColumn<ReadOnlyMemory<char>> Comm { get; } = new(capacity);
    public OptionalColumn<ReadOnlyMemory<char>> Exe { get; } = new(capacity);
    public OptionalColumn<int> Uid { get; } = new(capacity);
    public OptionalColumn<ReadOnlyMemory<char>> User { get; } = new(capacity);
    public OptionalColumn<ReadOnlyMemory<char>> Container { get; } = new(capacity);
    public long[] ProcessId { get; } = new long[capacity];
    public long[] SocketId { get; } = new long[capacity];
    // Never null, as its column: Parquet.Net writes non-nullable values without counting and copying them first.
    public ReadOnlyMemory<char>[] Direction { get; } = new ReadOnlyMemory<char>[capacity];
    public long[] Bytes { get; } = new long[capacity];
    public long[] Calls { get; } = new long[capacity];
    public OptionalColumn<ReadOnlyMemory<char>> Protocol { get; } = new(capacity);
    public OptionalColumn<ReadOnlyMemory<char>> LocalAddr { get; } = new(capacity);
    public OptionalColumn<int> LocalPort { get; } = new(capacity);
    public OptionalColumn<ReadOnlyMemory<char>> RemoteAddr { get; } = new(capacity);
    public OptionalColumn<int> RemotePort { get; } = new(capacity);
    public OptionalColumn<ReadOnlyMemory<char>> App { get; } = new(capacity);

    public void Add(EventRow row)
    {
        int i = Count++;
        var io = row.Io;
        bool tx = io.Direction == Schema.Direction.Tx;
        added[i] = new AddedRow(io.TimestampNs, row.WallClockNs, io.Bytes, row.Calls, io.Tid, tx);
        int run = (ulong)io.SocketId < (ulong)runOfSocket.Length ? runOfSocket[io.SocketId] - 1 : -1;
        if (run < 0 || runs[run].ProcessId != io.ProcessId)
            run = RunOf(row);
        runOf[i] = run;
        var of = runs[run];
        of.Length++;
        if (tx)
            of.TxBytes += io.Bytes;
        else
            of.RxBytes += io.Bytes;
    }

    private int RunOf(EventRow row)
    {
        var io = row.Io;
        var key = (io.ProcessId, io.SocketId);
        if (!runIndex.TryGetValue(key, out int run))
        {
            runIndex.Add(key, run = runs.Count);
            runs.Add(new Run(io.ProcessId, io.SocketId, row.Process, row.Socket, row.ProtocolName));
            if ((ulong)io.SocketId < (ulong)runOfSocket.Length && runOfSocket[io.SocketId] == 0)
                runOfSocket[io.SocketId] = run + 1;
        }
        return run;
    }

    /// <summary>Adds the group's bytes to their sockets' totals.</summary>
    public void AddBytesTo(SocketByteTotals totals)
    {
        foreach (var run in runs)
            totals.Add(run.SocketId, run.TxBytes, run.RxBytes);
    }

    public void Clear()
    {
        Count = 0;
        foreach (var run in runs)
            if ((ulong)run.SocketId < (ulong)runOfSocket.Length)
                runOfSocket[run.SocketId] = 0;
        runIndex.Clear();
        runs.Clear();
        foreach (var column in new[] { Comm, Exe, User, Container, Protocol, LocalAddr, RemoteAddr, App })
            column.Clear();
        foreach (var column in new[] { Pid, Uid, LocalPort, RemotePort })
            column.Clear();
    }

    /// <summary>Orders the rows by (process_id, socket_id), keeping time order within each pair, and fills the columns.</summary>
    public void Lay()
    {
        // A counting sort over the runs in value order: linear, and stable, so time order holds within a run.
        var sorted = runs.OrderBy(r => r.ProcessId).ThenBy(r => r.SocketId).ToArray();
        int start = 0;
        foreach (var run in sorted)
        {
            run.Start = start;
            start += run.Length;
        }
        var next = runs.Select(r => r.Start).ToArray();
        for (int i = 0; i < Count; i++)
        {
            ref readonly var row = ref added[i];
            int k = next[runOf[i]]++;
            TsNs[k] = row.TsNs;
            Time[k] = EventRow.WallClock(row.WallNs);
            Tid[k] = row.Tid;
            Direction[k] = row.Tx ? Tx : Rx;
            Bytes[k] = row.Bytes;
            Calls[k] = row.Calls;
        }
        // The optional columns are appended to (since Clear): run after run, in row order.
        foreach (var run in sorted)
            FillRun(run);
    }

    private void FillRun(Run run)
    {
        var process = run.Process;
        var socket = run.Socket;
        int length = run.Length;
        ProcessId.AsSpan(run.Start, length).Fill(run.ProcessId);
        SocketId.AsSpan(run.Start, length).Fill(run.SocketId);
        Pid.Append(length, process?.Pid);
        Comm.Append(length, process?.Comm.AsMemory());
        Exe.Append(length, process?.Exe?.AsMemory());
        Uid.Append(length, process?.Uid);
        User.Append(length, process?.UserName?.AsMemory());
        Container.Append(length, process?.Container?.AsMemory());
        Protocol.Append(length, run.Protocol?.AsMemory());
        LocalAddr.Append(length, socket?.LocalAddr.AsMemory());
        LocalPort.Append(length, socket?.LocalPort);
        RemoteAddr.Append(length, socket?.RemoteAddr.AsMemory());
        RemotePort.Append(length, socket?.RemotePort);
        App.Append(length, socket?.App?.AsMemory());
    }
}
