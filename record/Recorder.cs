using System.Diagnostics;
using Microsoft.Data.Sqlite;
using ProcNetMon2.Bpf;
using ProcNetMon2.Schema;
using ProcNetMon2.Schema.Segments;

namespace ProcNetMon2.Record;

/// <summary>
/// One recording from start to finish: check the machine, create the output, load and attach the
/// programs, consume the ring until stopped, then detach, drain, and close the recording.
/// </summary>
public static class Recorder
{
    private const int PollTimeoutMs = 10;
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);
    /// <summary>On Linux, .NET reports the errno of a failed write as the IOException's HResult.</summary>
    private const int ENOSPC = 28;

    /// <param name="log">pnm's own progress messages.</param>
    /// <param name="libbpfLog">libbpf's messages, routed there once libbpf is known to be present.</param>
    public static RecordSummary Run(RecordOptions options, CancellationToken stop, Action<string> log, Action<string> libbpfLog)
    {
        OutputFile.Validate(options.OutputPath, options.Force, options.Rotation);
        var facts = KernelFacts.Probe();
        Preflight.Check(facts, options.Backend);
        LibBpfLog.RouteTo(libbpfLog);

        OutputFile.RemoveExisting(options.OutputPath);
        var sink = OutputFile.Create(options.OutputPath, options.Rotation);
        CaptureObject capture;
        try
        {
            capture = CaptureObject.Start(options, facts, sink is IPacketFlowSink ? facts.CgroupV2Mount : null);
        }
        catch (Exception e)
        {
            sink.Dispose();
            OutputFile.RemoveExisting(options.OutputPath);
            throw e as RecordException ?? new RecordException($"cannot start capture: {e.Message}", e);
        }

        using (capture)
        using (sink)
        {
            var assembler = new RecordingAssembler(sink, pid => ProcfsReader.Read(pid), new PasswdUserNames().NameOf);
            using var ring = capture.OpenRing(assembler);
            long startedNs = Clock.MonotonicNs;
            var info = new RecordingInfo
            {
                FormatVersion = SegmentFormat.IsSegmentRecordingPath(options.OutputPath) ? FormatVersion.Segments : FormatVersion.Sqlite,
                PnmVersion = typeof(Recorder).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
                Host = Environment.MachineName,
                KernelRelease = facts.KernelRelease,
                Backend = capture.BackendDescription,
                Programs = string.Join(',', capture.Programs),
                Filters = options.DescribeFilters(),
                RingBytes = options.RingBytes,
                StartedNs = startedNs,
                MonotonicToWallNs = Clock.MonotonicToWallNs(),
            };
            var losses = new LossAccountant(capture, sink);
            var packets = sink is IPacketFlowSink flowSink && capture.Families.PacketsCgroup is not null
                ? new PacketFlowCollector(capture, flowSink, assembler.SocketIdOfCookie, startedNs)
                : null;
            var overflow = new OverflowCollector(capture, assembler);
            var clock = Stopwatch.StartNew();
            var nextFlush = FlushInterval;
            try
            {
                sink.Begin(info);
                packets?.RecordInterfaces();
                log($"recording to {options.OutputPath}" + (options.Duration is { } d ? $" for {d.TotalSeconds:0.###} s" : "") + " (Ctrl+C to stop)");
                while (!stop.IsCancellationRequested && (options.Duration is not { } limit || clock.Elapsed < limit))
                {
                    ring.PollAndConsume(PollTimeoutMs);
                    if (clock.Elapsed >= nextFlush)
                    {
                        long now = Clock.MonotonicNs;
                        losses.Account(now);
                        packets?.Rotate(now);
                        overflow.Rotate();
                        assembler.Flush();
                        nextFlush = clock.Elapsed + FlushInterval;
                    }
                }

                capture.Detach();
                long stoppedNs = Clock.MonotonicNs;
                while (ring.PollAndConsume(0) > 0) { }
                losses.Account(stoppedNs);
                packets?.DrainAll(stoppedNs);
                overflow.DrainAll();
                assembler.Flush();
                sink.Finish(stoppedNs);
            }
            catch (Exception e) when (WriteFailure(options.OutputPath, e) is { } failure)
            {
                throw failure;
            }
            return new RecordSummary(assembler.EventsRecorded, assembler.ProcessesRecorded, assembler.SocketsRecorded,
                losses.Total, clock.Elapsed);
        }
    }

    /// <summary>
    /// A failed write to the recording, as one line for the user; null for any other failure. Writes
    /// also happen inside the ring-buffer callback, whose failures arrive wrapped.
    /// </summary>
    private static RecordException? WriteFailure(string path, Exception e)
    {
        for (Exception? cause = e; cause is not null; cause = cause.InnerException)
        {
            switch (cause)
            {
                case SqliteException { SqliteErrorCode: 13 /* SQLITE_FULL */ }:
                case IOException { HResult: ENOSPC }:
                    return new RecordException($"disk full while writing {path}: recording stopped; what was flushed before is kept", e);
                case IOException io:
                    return new RecordException($"cannot write {path}: {io.Message}: recording stopped; what was flushed before is kept", e);
            }
        }
        return null;
    }
}
