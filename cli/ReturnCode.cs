namespace ProcNetMon2.Cli;

/// <summary>pnm's exit codes; documented in docs/usage.md.</summary>
public enum ReturnCode
{
    Success = 0,
    /// <summary>The command ran and failed: unreadable input, unsupported kernel, write error.</summary>
    Failed = 1,
    /// <summary>Wrong flags or flag values.</summary>
    BadUsage = 2,
    /// <summary>pnm diff: a --fail-if condition tripped.</summary>
    ConditionTripped = 3,
    /// <summary>Aborted: a second Ctrl+C of record, an interrupted export.</summary>
    Aborted = 130,
}
