using System.Diagnostics;
using Microsoft.Data.Sqlite;
using ProcNetMon2.Bpf;
using ProcNetMon2.Record.Privileges;
using ProcNetMon2.Schema;
using ProcNetMon2.Schema.Segments;

namespace ProcNetMon2.Record;

/// <summary>
/// One recording from start to finish: check the machine, create the output, load and attach the
/// programs, drain the ring and write on two threads (<see cref="RecordingPipeline"/>) until stopped,
/// then detach, drain, write what is left, and close the recording.
/// </summary>
public static class Recorder
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);
    /// <summary>On Linux, .NET reports the errno of a failed write as the IOException's HResult.</summary>
    private const int ENOSPC = 28;

    /// <param name="log">pnm's own progress messages.</param>
    /// <param name="libbpfLog">libbpf's messages, routed there once libbpf is known to be present.</param>
    /// <param name="tap">
    /// Gets every row the recording gets, on the writer thread, after the recording (a live view, a metrics
    /// endpoint); with no <see cref="RecordOptions.OutputPath"/>, the only sink.
    /// </param>
    /// <param name="status">Told how the recording is doing after each flush, on the writer thread: it must return at once.</param>
    public static RecordSummary Run(RecordOptions options, CancellationToken stop, Action<string> log, Action<string> libbpfLog,
        IRecordingSink? tap = null, Action<RecordingStatus>? status = null)
    {
        if (options.OutputPath is null && tap is null)
            throw new ArgumentException("a capture needs a recording or a tap", nameof(options));
        var output = options.OutputPath is { } path ? CheckOutput(path, options) : null;
        var user = FindUser(options.User);
        var facts = KernelFacts.Probe();
        Preflight.Check(facts, options.Backend);
        LibBpfLog.RouteTo(libbpfLog);

        // The capture starts before an old recording is replaced: a machine that cannot record keeps it.
        CaptureObject capture;
        try
        {
            capture = CaptureObject.Start(options, facts, options.CountPackets ? facts.CgroupV2Mount : null);
        }
        catch (Exception e)
        {
            throw e as RecordException ?? new RecordException($"cannot start capture: {e.Message}", e);
        }
        IRecordingSink sink;
        try
        {
            var recording = output?.CreateRecording(options.Rotation);
            sink = recording is null ? tap! : tap is null ? recording : new TeeRecordingSink(recording, tap);
        }
        catch (Exception e) when (e is OutputFileException or IOException or UnauthorizedAccessException or SqliteException)
        {
            capture.Dispose();
            throw new RecordException(e is OutputFileException ? e.Message : $"cannot write {options.OutputPath}: {e.Message}", e);
        }
        catch
        {
            capture.Dispose();
            throw;
        }

        // A recording that cannot be written (a full disk, a file deleted under it) ends with one line, also when closing it fails.
        try
        {
            using (capture)
            using (sink)
            {
                string privileges = DropPrivileges(options, user, capture);
                var assembler = new RecordingAssembler(sink, pid => ProcfsReader.Read(pid), new PasswdUserNames().NameOf);
                long startedNs = Clock.MonotonicNs;
                var info = new RecordingInfo
                {
                    FormatVersion = sink.FormatVersion,
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
                var packets = capture.Families.PacketsCgroup is not null
                    ? new PacketFlowCollector(capture, sink, assembler.SocketIdOfCookie, startedNs)
                    : null;
                var overflow = new OverflowCollector(capture, assembler);
                var clock = Stopwatch.StartNew();

                // On the writer thread, between batches: the kernel's counters, flow and overflow maps, then the events, made durable.
                void OnceASecond(long nowNs)
                {
                    losses.Account(nowNs);
                    packets?.Rotate(nowNs);
                    overflow.Rotate();
                    assembler.Flush();
                    status?.Invoke(new RecordingStatus(clock.Elapsed, assembler.EventsRecorded, losses.Total));
                }

                sink.Begin(info);
                packets?.RecordInterfaces();
                var pipeline = new RecordingPipeline(assembler, OnceASecond, FlushInterval);
                using var ring = capture.OpenRing(pipeline.RingHandler);
                long stoppedNs;
                using (pipeline) // its drain thread reads the ring: stopped before the ring is freed
                {
                    pipeline.Start(ring.PollAndConsume);
                    log((options.OutputPath is null ? "capturing" : $"recording to {options.OutputPath}") + (options.Duration is { } d ? $" for {d.TotalSeconds:0.###} s" : "") + $" (Ctrl+C to stop); {privileges}");
                    WaitForStop(stop, pipeline.Failed, options.Duration);

                    capture.Detach();
                    stoppedNs = Clock.MonotonicNs;
                    pipeline.Finish();
                }
                losses.Account(stoppedNs);
                packets?.DrainAll(stoppedNs);
                overflow.DrainAll();
                assembler.Flush();
                sink.Finish(stoppedNs);
                if (pipeline.DrainFailure is { } unreadable)
                    throw new RecordException($"cannot read the kernel's ring any more ({unreadable.Message}): recording stopped; what was recorded before is kept", unreadable);
                return new RecordSummary(assembler.EventsRecorded, assembler.CallsSummarized, assembler.ProcessesRecorded,
                    assembler.SocketsRecorded, losses.Total, clock.Elapsed);
            }
        }
        catch (Exception e) when (options.OutputPath is not null && WriteFailure(options.OutputPath, e) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>Where the recording goes, checked before anything is loaded into the kernel.</summary>
    private static OutputFile CheckOutput(string path, RecordOptions options)
    {
        if (!RecordingFile.CreatesSegments(path) && options.Rotation != SegmentRotation.None)
            throw new RecordException("--rotate-size, --rotate-time, --retain-size, --retain-age and --retain-earlier need a segment recording: name the output *.pnm");
        if (!RecordingFile.CreatesSegments(path) && options.User is not null)
            throw new RecordException("--user needs a segment recording (name the output *.pnm): SQLite creates and deletes files beside a .db");
        try
        {
            return OutputFile.ForRecording(path, options.Force);
        }
        catch (OutputFileException e)
        {
            throw new RecordException(e.Message, e);
        }
    }

    private static RecorderUser? FindUser(string? name)
    {
        try
        {
            return name is null ? null : RecorderUser.Find(name);
        }
        catch (PrivilegeException e)
        {
            throw new RecordException(e.Message, e);
        }
    }

    /// <summary>Everything privileged is done: the programs are attached and the output is open. Returns what is kept, for the user.</summary>
    private static string DropPrivileges(RecordOptions options, RecorderUser? user, CaptureObject capture)
    {
        // The segment directory and what is in it so far; rotation creates and deletes files there.
        var owned = user is null || options.OutputPath is not { } path ? [] : Directory.EnumerateFileSystemEntries(path, "*", SearchOption.AllDirectories).Prepend(path).ToList();
        try
        {
            var kept = LeastPrivilege.Drop(user, owned, capture.MapsReadable);
            return $"privileges dropped: {(user is { } u ? $"running as {u.Name}, " : "")}keeping " +
                   (kept.Count == 0 ? "no capabilities" : string.Join(", ", kept.Select(LeastPrivilege.Name)));
        }
        catch (Exception e) when (e is PrivilegeException or IOException or UnauthorizedAccessException)
        {
            throw new RecordException($"cannot drop privileges: {e.Message}", e);
        }
    }

    /// <summary>Until a stop is requested, the duration is over, or the pipeline has failed.</summary>
    private static void WaitForStop(CancellationToken stop, WaitHandle failed, TimeSpan? duration)
    {
        // WaitAny takes at most ~24 days at once; a recording may be asked to run longer.
        var longestWait = TimeSpan.FromDays(1);
        var clock = Stopwatch.StartNew();
        while (duration is not { } limit || clock.Elapsed < limit)
        {
            var wait = duration is { } l ? TimeSpan.FromTicks(Math.Clamp((l - clock.Elapsed).Ticks, 0, longestWait.Ticks)) : longestWait;
            if (WaitHandle.WaitAny([stop.WaitHandle, failed], wait) != WaitHandle.WaitTimeout)
                return;
        }
    }

    /// <summary>A failed write to the recording, as one line for the user; null for any other failure.</summary>
    private static RecordException? WriteFailure(string path, Exception e)
    {
        for (Exception? cause = e; cause is not null; cause = cause.InnerException)
        {
            switch (cause)
            {
                case SqliteException { SqliteErrorCode: 13 /* SQLITE_FULL */ }:
                case IOException { HResult: ENOSPC }:
                    return new RecordException($"disk full while writing {path}: recording stopped; what was flushed before is kept", e);
                case IOException or SqliteException:
                    return new RecordException($"cannot write {path}: {cause.Message}: recording stopped; what was flushed before is kept", e);
            }
        }
        return null;
    }
}
