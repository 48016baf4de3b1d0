using System.Runtime.ExceptionServices;

namespace ProcNetMon2.Schema;

/// <summary>The threads behind <see cref="IRecordingSource.ReadEventBatchesInParallel"/>: one state each, the first failure rethrown once all have stopped.</summary>
internal static class ParallelReaders
{
    /// <summary>Threads for <paramref name="units"/> pieces of work: one per core, at most four (reading more at once gains little), at least one.</summary>
    public static int WorkerCount(int units = int.MaxValue) => Math.Clamp(Math.Min(Environment.ProcessorCount, units), 1, 4);

    /// <param name="work">Runs on thread <c>worker</c> with its state; <c>failed</c> says another thread has failed, so it may stop early.</param>
    public static IReadOnlyList<TState> Run<TState>(int workers, string threadName, Func<TState> createState,
        Action<int, TState, Func<bool>> work)
    {
        var states = new TState[workers];
        Exception? failure = null;
        bool Failed() => Volatile.Read(ref failure) is not null;
        var threads = Enumerable.Range(0, workers).Select(w => new Thread(() =>
        {
            try
            {
                work(w, states[w] = createState(), Failed);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, e, null);
            }
        }) { IsBackground = true, Name = threadName }).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        if (failure is not null)
            ExceptionDispatchInfo.Capture(failure).Throw();
        return states;
    }
}
