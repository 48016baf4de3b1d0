namespace ProcNetMon2.Analyze.Diff;

/// <summary>
/// A sample read as its distinct values in ascending order, each with how often it occurs, one run at a time: the rank
/// test reads both sides' samples this way without copying them into arrays of their own.
/// </summary>
public interface IAscendingRuns
{
    /// <summary>How many values the sample holds, repeats included.</summary>
    long Count { get; }

    /// <summary>The next distinct value and how often it occurs; false after the last.</summary>
    bool Next(out double value, out long count);
}
