using System.Text.Json.Serialization;
using Parquet.Serialization.Attributes;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze.Export.Dataset;

// The rows of a dataset's small tables, one class each, written by Parquet.Net's serializer: the property
// names below are the column names (docs/format.md, "Fleet dataset"), kept apart from the recording's
// records so that renaming a C# property cannot silently change what queries read. Times are UTC
// timestamps in microseconds; the *_ns columns of `recordings` keep the exact nanoseconds.

internal sealed class Utc : ParquetTimestampAttribute
{
    public Utc() : base(ParquetTimestampResolution.Microseconds, useLogicalTimestamp: true, isAdjustedToUTC: true)
    {
    }
}

internal sealed record RecordingRow(
    [property: JsonPropertyName("recording_id")] string RecordingId,
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("pnm_version")] string PnmVersion,
    [property: JsonPropertyName("format_version")] int FormatVersion,
    [property: JsonPropertyName("kernel_release")] string KernelRelease,
    [property: JsonPropertyName("backend")] string Backend,
    [property: JsonPropertyName("filters")] string Filters,
    [property: JsonPropertyName("started"), Utc] DateTime Started,
    [property: JsonPropertyName("stopped"), Utc] DateTime? Stopped,
    [property: JsonPropertyName("started_wall_ns")] long StartedWallNs,
    [property: JsonPropertyName("ended_wall_ns")] long EndedWallNs,
    [property: JsonPropertyName("monotonic_to_wall_ns")] long MonotonicToWallNs,
    [property: JsonPropertyName("events")] long Events,
    [property: JsonPropertyName("source")] string Source);

internal sealed record ProcessRow(
    [property: JsonPropertyName("recording_id")] string RecordingId,
    [property: JsonPropertyName("process_id")] long ProcessId,
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("parent_pid")] int? ParentPid,
    [property: JsonPropertyName("comm")] string Comm,
    [property: JsonPropertyName("exe")] string? Exe,
    [property: JsonPropertyName("cmdline")] string? Cmdline,
    [property: JsonPropertyName("uid")] int? Uid,
    [property: JsonPropertyName("user")] string? User,
    [property: JsonPropertyName("gid")] int? Gid,
    [property: JsonPropertyName("container")] string? Container,
    [property: JsonPropertyName("unit")] string? Unit,
    [property: JsonPropertyName("cgroup_path")] string? CgroupPath,
    [property: JsonPropertyName("first_seen"), Utc] DateTime FirstSeen,
    [property: JsonPropertyName("fork"), Utc] DateTime? Fork,
    [property: JsonPropertyName("exec"), Utc] DateTime? Exec,
    [property: JsonPropertyName("exit"), Utc] DateTime? Exit,
    [property: JsonPropertyName("exit_code")] int? ExitCode);

internal sealed record SocketRow(
    [property: JsonPropertyName("recording_id")] string RecordingId,
    [property: JsonPropertyName("socket_id")] long SocketId,
    [property: JsonPropertyName("process_id")] long ProcessId,
    [property: JsonPropertyName("family")] int Family,
    [property: JsonPropertyName("protocol")] string Protocol,
    [property: JsonPropertyName("local_addr")] string LocalAddr,
    [property: JsonPropertyName("local_port")] int LocalPort,
    [property: JsonPropertyName("remote_addr")] string RemoteAddr,
    [property: JsonPropertyName("remote_port")] int RemotePort,
    [property: JsonPropertyName("role")] string? Role,
    [property: JsonPropertyName("first_seen"), Utc] DateTime FirstSeen,
    [property: JsonPropertyName("last_seen"), Utc] DateTime LastSeen,
    [property: JsonPropertyName("connect"), Utc] DateTime? Connect,
    [property: JsonPropertyName("established"), Utc] DateTime? Established,
    [property: JsonPropertyName("close"), Utc] DateTime? Close,
    [property: JsonPropertyName("close_reason")] string? CloseReason,
    [property: JsonPropertyName("state")] string? State,
    [property: JsonPropertyName("retransmits")] long Retransmits,
    [property: JsonPropertyName("resets_sent")] long ResetsSent,
    [property: JsonPropertyName("resets_received")] long ResetsReceived,
    [property: JsonPropertyName("app")] string? App,
    [property: JsonPropertyName("app_method")] string? AppMethod,
    [property: JsonPropertyName("tx_bytes")] long TxBytes,
    [property: JsonPropertyName("rx_bytes")] long RxBytes);

internal sealed record PacketFlowRow(
    [property: JsonPropertyName("recording_id")] string RecordingId,
    [property: JsonPropertyName("window_start"), Utc] DateTime WindowStart,
    [property: JsonPropertyName("window_end"), Utc] DateTime WindowEnd,
    [property: JsonPropertyName("socket_id")] long SocketId,
    [property: JsonPropertyName("iface")] string Iface,
    [property: JsonPropertyName("direction")] string Direction,
    [property: JsonPropertyName("protocol")] string Protocol,
    [property: JsonPropertyName("remote_addr")] string RemoteAddr,
    [property: JsonPropertyName("remote_port")] int RemotePort,
    [property: JsonPropertyName("packets")] long Packets,
    [property: JsonPropertyName("bytes")] long Bytes);

internal sealed record LossRow(
    [property: JsonPropertyName("recording_id")] string RecordingId,
    [property: JsonPropertyName("window_start"), Utc] DateTime WindowStart,
    [property: JsonPropertyName("lost")] long Lost,
    [property: JsonPropertyName("cpu")] int? Cpu);

/// <summary>The small tables' rows of one recording.</summary>
internal sealed class DatasetRows(RecordingView recording, string recordingId)
{
    private DateTime Wall(long ns) => EventRow.WallClock(ns + recording.WallOffsetNs);

    private DateTime? Wall(long? ns) => ns is { } value ? Wall(value) : null;

    public RecordingRow Recording(long events) => new(
        recordingId, recording.Info.Host, recording.Info.PnmVersion, recording.Info.FormatVersion, recording.Info.KernelRelease,
        recording.Info.Backend, recording.Info.Filters, Wall(recording.Info.StartedNs), Wall(recording.Info.StoppedNs),
        recording.StartWallNs, recording.EndWallNs, recording.WallOffsetNs, events, Path.GetFileName(Path.TrimEndingDirectorySeparator(recording.Source.Path)));

    public IEnumerable<ProcessRow> Processes() => recording.Source.ReadProcesses().Select(p => new ProcessRow(
        recordingId, p.ProcessId, p.Pid, p.ParentPid, p.Comm, p.Exe, p.Cmdline, p.Uid, p.UserName, p.Gid, p.Container, p.Unit, p.CgroupPath,
        Wall(p.FirstSeenNs), Wall(p.ForkNs), Wall(p.ExecNs), Wall(p.ExitNs), p.ExitCode));

    public IEnumerable<SocketRow> Sockets(SocketByteTotals bytes) => recording.Sockets.OrderBy(s => s.SocketId).Select(s =>
    {
        var (tx, rx) = bytes.Of(s.SocketId);
        return new SocketRow(recordingId, s.SocketId, s.ProcessId, s.Family, IpProtocol.Name(s.Protocol), s.LocalAddr, s.LocalPort, s.RemoteAddr, s.RemotePort,
            s.Role, Wall(s.FirstSeenNs), Wall(s.LastSeenNs), Wall(s.ConnectNs), Wall(s.EstablishedNs), Wall(s.CloseNs), s.CloseReason, s.State,
            s.Retransmits, s.ResetsSent, s.ResetsReceived, s.App, s.AppMethod, tx, rx);
    });

    public IEnumerable<PacketFlowRow> PacketFlows() => recording.PacketFlows.Select(f => new PacketFlowRow(
        recordingId, Wall(f.WindowStartNs), Wall(f.WindowEndNs), f.SocketId, recording.InterfaceName(f.Ifindex),
        f.Direction == Direction.Tx ? "tx" : "rx", IpProtocol.Name(f.Protocol), f.RemoteAddr, f.RemotePort, f.Packets, f.Bytes));

    public IEnumerable<LossRow> Losses() => recording.Losses.Select(l => new LossRow(recordingId, Wall(l.WindowStartNs), l.Lost, l.Cpu));
}
