namespace ProcNetMon2.Schema;

/// <summary>A recording whose events are stored in blocks of columns (segments), readable as they are stored.</summary>
public interface IEventColumnSource
{
    /// <summary>
    /// As <see cref="IRecordingSource.ReadEventBatchesInParallel"/>, each batch handed over as <see cref="EventColumns"/>:
    /// the same events in [fromNs, toNs), every one exactly once, each batch in time order.
    /// </summary>
    IReadOnlyList<TState> ReadEventColumnsInParallel<TState>(long fromNs, long toNs, Func<TState> createState, Action<TState, EventColumns> consume);
}
