namespace ProcNetMon2.Schema.Segments;

/// <summary>
/// The records of a metadata block, one after another, before compression. A later record with
/// the same key replaces an earlier one (the recording info, a process, a socket); losses add up.
/// <code>
///  u8 type   1 recording info, 2 process, 3 socket, 4 loss
///  info:     varint format_version, string pnm_version, host, kernel_release, backend, programs,
///            filters, signed ring_bytes, signed started_ns, u8 has_stopped, [signed stopped_ns],
///            signed monotonic_to_wall_ns
///  process:  signed process_id, signed pid, string comm, signed first_seen_ns, u8 present
///            (bit 0 parent_pid, 1 exe, 2 cmdline, 3 uid, 4 exec_ns, 5 exit_ns, 6 exit_code),
///            then each present field in that order
///  socket:   signed socket_id, process_id, family, protocol, string local_addr, signed local_port,
///            string remote_addr, signed remote_port, first_seen_ns, last_seen_ns
///  loss:     signed window_start_ns, lost
/// </code>
/// "signed" is a zigzag varint; a string is a varint byte count and UTF-8.
/// </summary>
internal static class MetadataCodec
{
    private const byte InfoType = 1, ProcessType = 2, SocketType = 3, LossType = 4;

    public static void Write(RecordingInfo info, ByteBuffer output)
    {
        output.WriteByte(InfoType);
        output.WriteSigned(info.FormatVersion);
        output.WriteString(info.PnmVersion);
        output.WriteString(info.Host);
        output.WriteString(info.KernelRelease);
        output.WriteString(info.Backend);
        output.WriteString(info.Programs);
        output.WriteString(info.Filters);
        output.WriteSigned(info.RingBytes);
        output.WriteSigned(info.StartedNs);
        output.WriteByte(info.StoppedNs is null ? (byte)0 : (byte)1);
        if (info.StoppedNs is { } stopped)
            output.WriteSigned(stopped);
        output.WriteSigned(info.MonotonicToWallNs);
    }

    public static void Write(ProcessRecord process, ByteBuffer output)
    {
        output.WriteByte(ProcessType);
        output.WriteSigned(process.ProcessId);
        output.WriteSigned(process.Pid);
        output.WriteString(process.Comm);
        output.WriteSigned(process.FirstSeenNs);
        int present = (process.ParentPid is null ? 0 : 1) | (process.Exe is null ? 0 : 2) | (process.Cmdline is null ? 0 : 4)
            | (process.Uid is null ? 0 : 8) | (process.ExecNs is null ? 0 : 16) | (process.ExitNs is null ? 0 : 32)
            | (process.ExitCode is null ? 0 : 64);
        output.WriteByte((byte)present);
        if (process.ParentPid is { } parent)
            output.WriteSigned(parent);
        if (process.Exe is { } exe)
            output.WriteString(exe);
        if (process.Cmdline is { } cmdline)
            output.WriteString(cmdline);
        if (process.Uid is { } uid)
            output.WriteSigned(uid);
        if (process.ExecNs is { } exec)
            output.WriteSigned(exec);
        if (process.ExitNs is { } exit)
            output.WriteSigned(exit);
        if (process.ExitCode is { } code)
            output.WriteSigned(code);
    }

    public static void Write(SocketRecord socket, ByteBuffer output)
    {
        output.WriteByte(SocketType);
        output.WriteSigned(socket.SocketId);
        output.WriteSigned(socket.ProcessId);
        output.WriteSigned(socket.Family);
        output.WriteSigned(socket.Protocol);
        output.WriteString(socket.LocalAddr);
        output.WriteSigned(socket.LocalPort);
        output.WriteString(socket.RemoteAddr);
        output.WriteSigned(socket.RemotePort);
        output.WriteSigned(socket.FirstSeenNs);
        output.WriteSigned(socket.LastSeenNs);
    }

    public static void Write(LossRecord loss, ByteBuffer output)
    {
        output.WriteByte(LossType);
        output.WriteSigned(loss.WindowStartNs);
        output.WriteSigned(loss.Lost);
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
            switch (reader.ReadByte())
            {
                case InfoType: block.Info = ReadInfo(ref reader); break;
                case ProcessType: block.Upsert(ReadProcess(ref reader)); break;
                case SocketType: block.Upsert(ReadSocket(ref reader)); break;
                case LossType: block.Add(new LossRecord(reader.ReadSigned(), reader.ReadSigned())); break;
                case var other: throw new SegmentFormatException($"unknown metadata record type {other}");
            }
            records++;
        }
        if (records != expectedRecords)
            throw new SegmentFormatException($"metadata block holds {records} records, its header says {expectedRecords}");
        into.Merge(block);
    }

    private static RecordingInfo ReadInfo(ref SpanReader reader) => new()
    {
        FormatVersion = ToInt(reader.ReadSigned()),
        PnmVersion = reader.ReadString(),
        Host = reader.ReadString(),
        KernelRelease = reader.ReadString(),
        Backend = reader.ReadString(),
        Programs = reader.ReadString(),
        Filters = reader.ReadString(),
        RingBytes = reader.ReadSigned(),
        StartedNs = reader.ReadSigned(),
        StoppedNs = ReadFlag(ref reader) ? reader.ReadSigned() : null,
        MonotonicToWallNs = reader.ReadSigned(),
    };

    private static ProcessRecord ReadProcess(ref SpanReader reader)
    {
        long processId = reader.ReadSigned();
        int pid = ToInt(reader.ReadSigned());
        string comm = reader.ReadString();
        long firstSeen = reader.ReadSigned();
        int present = reader.ReadByte();
        if (present > 127)
            throw new SegmentFormatException($"process field mask {present} has unknown bits");
        return new ProcessRecord
        {
            ProcessId = processId,
            Pid = pid,
            Comm = comm,
            FirstSeenNs = firstSeen,
            ParentPid = (present & 1) != 0 ? ToInt(reader.ReadSigned()) : null,
            Exe = (present & 2) != 0 ? reader.ReadString() : null,
            Cmdline = (present & 4) != 0 ? reader.ReadString() : null,
            Uid = (present & 8) != 0 ? ToInt(reader.ReadSigned()) : null,
            ExecNs = (present & 16) != 0 ? reader.ReadSigned() : null,
            ExitNs = (present & 32) != 0 ? reader.ReadSigned() : null,
            ExitCode = (present & 64) != 0 ? ToInt(reader.ReadSigned()) : null,
        };
    }

    private static SocketRecord ReadSocket(ref SpanReader reader) => new()
    {
        SocketId = reader.ReadSigned(),
        ProcessId = reader.ReadSigned(),
        Family = ToInt(reader.ReadSigned()),
        Protocol = ToInt(reader.ReadSigned()),
        LocalAddr = reader.ReadString(),
        LocalPort = ToInt(reader.ReadSigned()),
        RemoteAddr = reader.ReadString(),
        RemotePort = ToInt(reader.ReadSigned()),
        FirstSeenNs = reader.ReadSigned(),
        LastSeenNs = reader.ReadSigned(),
    };

    private static bool ReadFlag(ref SpanReader reader) => reader.ReadByte() switch
    {
        0 => false,
        1 => true,
        var other => throw new SegmentFormatException($"flag byte {other} is neither 0 nor 1"),
    };

    private static int ToInt(long value) => value is >= int.MinValue and <= int.MaxValue
        ? (int)value
        : throw new SegmentFormatException($"{value} does not fit a 32-bit field");
}
