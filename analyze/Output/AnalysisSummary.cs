namespace ProcNetMon2.Analyze;

/// <summary>One recording an analysis read.</summary>
public sealed record RecordingDescription(string Path, string Host, string KernelRelease, string Backend, string PnmVersion,
    long StartWallNs, long EndWallNs, bool Complete, string Filters);

/// <summary>What every analysis output starts with: what was read, which window, what was lost.</summary>
public sealed record AnalysisSummary(string Command, IReadOnlyList<RecordingDescription> Recordings, AnalysisWindow Window,
    long Events, LossSummary Losses, IReadOnlyList<string> Notes)
{
    /// <summary>Calls the kernel summarized: in the totals exactly, unlike lost events.</summary>
    public SummarizedIoSummary Summarized { get; init; } = SummarizedIoSummary.None;

    public static AnalysisSummary Of(string command, RecordingSet recordings, ScanResult scan, IReadOnlyList<string>? notes = null) => new(
        command,
        recordings.Recordings.Select(r => new RecordingDescription(r.Source.Path, r.Info.Host, r.Info.KernelRelease, r.Info.Backend,
            r.Info.PnmVersion, r.StartWallNs, r.EndWallNs, r.Info.StoppedNs is not null, r.Info.Filters)).ToList(),
        scan.Window, scan.Events, scan.Losses, notes ?? []) { Summarized = scan.Summarized };
}

/// <summary>A command's answer: the summary and its rows.</summary>
public sealed record AnalysisReport(AnalysisSummary Summary, ResultTable Table);
