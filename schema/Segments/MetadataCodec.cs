namespace ProcNetMon2.Schema.Segments;

/// <summary>
/// The records of a metadata block, one after another, before compression. A later record with
/// the same key replaces an earlier one (the recording info, a process, a socket); losses add up.
/// <code>
///  record:  u8 type | varint length L | L bytes of fields
///           type 1 recording info, 2 process, 3 socket, 4 loss
///  field:   varint key = number &lt;&lt; 1 | kind | value
///           kind 0: zigzag varint; kind 1: varint byte count + UTF-8
/// </code>
/// A null field is left out. Readers skip field numbers they do not know, so fields added to the
/// model later do not break older readers. Field numbers:
/// <code>
///  info:     1 format_version, 2 pnm_version, 3 host, 4 kernel_release, 5 backend, 6 programs,
///            7 filters, 8 ring_bytes, 9 started_ns, 10 stopped_ns, 11 monotonic_to_wall_ns
///  process:  1 process_id, 2 pid, 3 parent_pid, 4 comm, 5 exe, 6 cmdline, 7 uid, 8 first_seen_ns,
///            9 exec_ns, 10 exit_ns, 11 exit_code, 12 fork_ns, 13 gid, 14 cgroup_path, 15 container,
///            16 unit, 17 user_name
///  socket:   1 socket_id, 2 process_id, 3 family, 4 protocol, 5 local_addr, 6 local_port,
///            7 remote_addr, 8 remote_port, 9 first_seen_ns, 10 last_seen_ns, 11 cookie, 12 role,
///            13 connect_ns, 14 established_ns, 15 close_ns, 16 close_reason, 17 state,
///            18 retransmits, 19 resets_sent, 20 resets_received (counters: 0 when left out),
///            21 app, 22 app_method, 23 app_detail
///  loss:     1 window_start_ns, 2 lost, 3 cpu
///  interface (type 5) and packet flow (type 6): see <see cref="PacketFlowCodec"/>
///  summarized I/O (type 8, appended): see <see cref="SummarizedIoCodec"/>
///  recorder stats (type 7, appended): 1 window_start_ns, 2 window_end_ns, 3 cpu_seconds (the
///            IEEE-754 bits of the double, as a signed number), 4 rss_bytes, 5 ring_fill_peak_bytes,
///            6 events_submitted, 7 events_filtered, 8 flow_updates_lost, 9 calls_summarized (format version 2;
///            both 0 when left out)
///  TCP incident (type 9, appended): see <see cref="TcpIncidentCodec"/>
/// </code>
/// Readers skip record types they do not know whole (a recording made by a later pnm reads without them).
/// </summary>
internal static class MetadataCodec
{
    private const byte InfoType = 1, ProcessType = 2, SocketType = 3, LossType = 4, InterfaceType = 5, PacketFlowType = 6, RecorderStatsType = 7,
        SummarizedIoType = 8, TcpIncidentType = 9;

    public static void Write(InterfaceRecord networkInterface, ByteBuffer output) => PacketFlowCodec.Write(networkInterface, output, InterfaceType);
    public static void Write(PacketFlowRecord flow, ByteBuffer output) => PacketFlowCodec.Write(flow, output, PacketFlowType);
    public static void Write(TcpIncidentRecord incident, ByteBuffer output) => TcpIncidentCodec.Write(incident, output, TcpIncidentType);

    public static void Write(SummarizedIoRecord summary, ByteBuffer output) => SummarizedIoCodec.Write(summary, output, SummarizedIoType);

    public static void Write(RecorderStatsRecord stats, ByteBuffer output)
    {
        var fields = new MetadataFieldWriter(output, RecorderStatsType);
        fields.Signed(1, stats.WindowStartNs);
        fields.Signed(2, stats.WindowEndNs);
        fields.Signed(3, BitConverter.DoubleToInt64Bits(stats.CpuSeconds));
        fields.Signed(4, stats.RssBytes);
        fields.Signed(5, stats.RingFillPeakBytes);
        fields.Signed(6, stats.EventsSubmitted);
        fields.Signed(7, stats.EventsFiltered);
        fields.Signed(8, NullWhenZero(stats.FlowUpdatesLost));
        fields.Signed(9, stats.CallsSummarized);
        fields.End();
    }

    public static void Write(RecordingInfo info, ByteBuffer output)
    {
        var fields = new MetadataFieldWriter(output, InfoType);
        fields.Signed(1, info.FormatVersion);
        fields.Text(2, info.PnmVersion);
        fields.Text(3, info.Host);
        fields.Text(4, info.KernelRelease);
        fields.Text(5, info.Backend);
        fields.Text(6, info.Programs);
        fields.Text(7, info.Filters);
        fields.Signed(8, info.RingBytes);
        fields.Signed(9, info.StartedNs);
        fields.Signed(10, info.StoppedNs);
        fields.Signed(11, info.MonotonicToWallNs);
        fields.End();
    }

    public static void Write(ProcessRecord process, ByteBuffer output)
    {
        var fields = new MetadataFieldWriter(output, ProcessType);
        fields.Signed(1, process.ProcessId);
        fields.Signed(2, process.Pid);
        fields.Signed(3, process.ParentPid);
        fields.Text(4, process.Comm);
        fields.Text(5, process.Exe);
        fields.Text(6, process.Cmdline);
        fields.Signed(7, process.Uid);
        fields.Signed(8, process.FirstSeenNs);
        fields.Signed(9, process.ExecNs);
        fields.Signed(10, process.ExitNs);
        fields.Signed(11, process.ExitCode);
        fields.Signed(12, process.ForkNs);
        fields.Signed(13, process.Gid);
        fields.Text(14, process.CgroupPath);
        fields.Text(15, process.Container);
        fields.Text(16, process.Unit);
        fields.Text(17, process.UserName);
        fields.End();
    }

    public static void Write(SocketRecord socket, ByteBuffer output)
    {
        var fields = new MetadataFieldWriter(output, SocketType);
        fields.Signed(1, socket.SocketId);
        fields.Signed(2, socket.ProcessId);
        fields.Signed(3, socket.Family);
        fields.Signed(4, socket.Protocol);
        fields.Text(5, socket.LocalAddr);
        fields.Signed(6, socket.LocalPort);
        fields.Text(7, socket.RemoteAddr);
        fields.Signed(8, socket.RemotePort);
        fields.Signed(9, socket.FirstSeenNs);
        fields.Signed(10, socket.LastSeenNs);
        fields.Signed(11, socket.Cookie);
        fields.Text(12, socket.Role);
        fields.Signed(13, socket.ConnectNs);
        fields.Signed(14, socket.EstablishedNs);
        fields.Signed(15, socket.CloseNs);
        fields.Text(16, socket.CloseReason);
        fields.Text(17, socket.State);
        fields.Signed(18, NullWhenZero(socket.Retransmits));
        fields.Signed(19, NullWhenZero(socket.ResetsSent));
        fields.Signed(20, NullWhenZero(socket.ResetsReceived));
        fields.Text(21, socket.App);
        fields.Text(22, socket.AppMethod);
        fields.Text(23, socket.AppDetail);
        fields.End();
    }

    public static void Write(LossRecord loss, ByteBuffer output)
    {
        var fields = new MetadataFieldWriter(output, LossType);
        fields.Signed(1, loss.WindowStartNs);
        fields.Signed(2, loss.Lost);
        fields.Signed(3, loss.Cpu);
        fields.End();
    }

    /// <summary>Applies every record of one block, in order, to <paramref name="into"/>.</summary>
    /// <exception cref="SegmentFormatException">The payload does not decode or holds a different number of records.</exception>
    public static void Read(ReadOnlySpan<byte> payload, int expectedRecords, RecordingMetadata into)
    {
        var reader = new SpanReader(payload);
        // Decoded into a scratch copy first: a block that fails half way changes nothing.
        var block = new RecordingMetadata();
        int records = 0;
        while (reader.Remaining > 0)
        {
            byte type = reader.ReadByte();
            var fields = new MetadataFieldReader(reader.ReadBytes(reader.ReadCount(reader.Remaining, "record length")));
            switch (type)
            {
                case InfoType: block.Info = ReadInfo(fields); break;
                case ProcessType: block.Upsert(ReadProcess(fields)); break;
                case SocketType: block.Upsert(ReadSocket(fields)); break;
                case LossType: block.Add(ReadLoss(fields)); break;
                case InterfaceType: block.Upsert(PacketFlowCodec.ReadInterface(fields)); break;
                case PacketFlowType: block.Add(PacketFlowCodec.ReadPacketFlow(fields)); break;
                case RecorderStatsType: block.Add(ReadRecorderStats(fields)); break;
                case TcpIncidentType: block.Add(TcpIncidentCodec.Read(fields)); break;
                case SummarizedIoType: block.Add(SummarizedIoCodec.Read(fields)); break;
                default: break; // a record type of a later version: skipped whole
            }
            records++;
        }
        if (records != expectedRecords)
            throw new SegmentFormatException($"metadata block holds {records} records, its header says {expectedRecords}");
        into.Merge(block);
    }

    private static RecordingInfo ReadInfo(MetadataFieldReader fields)
    {
        var values = fields.ReadAll();
        return new RecordingInfo
        {
            FormatVersion = values.RequiredInt(1, "format_version"),
            PnmVersion = values.RequiredText(2, "pnm_version"),
            Host = values.RequiredText(3, "host"),
            KernelRelease = values.RequiredText(4, "kernel_release"),
            Backend = values.RequiredText(5, "backend"),
            Programs = values.RequiredText(6, "programs"),
            Filters = values.RequiredText(7, "filters"),
            RingBytes = values.Required(8, "ring_bytes"),
            StartedNs = values.Required(9, "started_ns"),
            StoppedNs = values.Optional(10),
            MonotonicToWallNs = values.Required(11, "monotonic_to_wall_ns"),
        };
    }

    private static ProcessRecord ReadProcess(MetadataFieldReader fields)
    {
        var values = fields.ReadAll();
        return new ProcessRecord
        {
            ProcessId = values.Required(1, "process_id"),
            Pid = values.RequiredInt(2, "pid"),
            ParentPid = values.OptionalInt(3),
            Comm = values.RequiredText(4, "comm"),
            Exe = values.OptionalText(5),
            Cmdline = values.OptionalText(6),
            Uid = values.OptionalInt(7),
            FirstSeenNs = values.Required(8, "first_seen_ns"),
            ExecNs = values.Optional(9),
            ExitNs = values.Optional(10),
            ExitCode = values.OptionalInt(11),
            ForkNs = values.Optional(12),
            Gid = values.OptionalInt(13),
            CgroupPath = values.OptionalText(14),
            Container = values.OptionalText(15),
            Unit = values.OptionalText(16),
            UserName = values.OptionalText(17),
        };
    }

    private static SocketRecord ReadSocket(MetadataFieldReader fields)
    {
        var values = fields.ReadAll();
        return new SocketRecord
        {
            SocketId = values.Required(1, "socket_id"),
            ProcessId = values.Required(2, "process_id"),
            Family = values.RequiredInt(3, "family"),
            Protocol = values.RequiredInt(4, "protocol"),
            LocalAddr = values.RequiredText(5, "local_addr"),
            LocalPort = values.RequiredInt(6, "local_port"),
            RemoteAddr = values.RequiredText(7, "remote_addr"),
            RemotePort = values.RequiredInt(8, "remote_port"),
            FirstSeenNs = values.Required(9, "first_seen_ns"),
            LastSeenNs = values.Required(10, "last_seen_ns"),
            Cookie = values.Optional(11),
            Role = values.OptionalText(12),
            ConnectNs = values.Optional(13),
            EstablishedNs = values.Optional(14),
            CloseNs = values.Optional(15),
            CloseReason = values.OptionalText(16),
            State = values.OptionalText(17),
            Retransmits = values.Optional(18) ?? 0,
            ResetsSent = values.Optional(19) ?? 0,
            ResetsReceived = values.Optional(20) ?? 0,
            App = values.OptionalText(21),
            AppMethod = values.OptionalText(22),
            AppDetail = values.OptionalText(23),
        };
    }

    private static RecorderStatsRecord ReadRecorderStats(MetadataFieldReader fields)
    {
        var values = fields.ReadAll();
        return new RecorderStatsRecord
        {
            WindowStartNs = values.Required(1, "window_start_ns"),
            WindowEndNs = values.Required(2, "window_end_ns"),
            CpuSeconds = BitConverter.Int64BitsToDouble(values.Required(3, "cpu_seconds")),
            RssBytes = values.Required(4, "rss_bytes"),
            RingFillPeakBytes = values.Required(5, "ring_fill_peak_bytes"),
            EventsSubmitted = values.Required(6, "events_submitted"),
            EventsFiltered = values.Required(7, "events_filtered"),
            FlowUpdatesLost = values.Optional(8) ?? 0,
            CallsSummarized = values.Optional(9) ?? 0,
        };
    }

    private static long? NullWhenZero(long value) => value == 0 ? null : value;

    private static LossRecord ReadLoss(MetadataFieldReader fields)
    {
        var values = fields.ReadAll();
        return new LossRecord(values.Required(1, "window_start_ns"), values.Required(2, "lost"), (int?)values.Optional(3));
    }
}
