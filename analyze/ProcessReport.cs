namespace ProcNetMon2.Analyze;

/// <summary>Network traffic per process over one recording, busiest first.</summary>
public sealed record ProcessReport(RecordingSummary Summary, IReadOnlyList<ProcessRow> Rows);
