using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze.Export.Dataset;

/// <summary>
/// Stages recordings for a dataset, up to <paramref name="parallelism"/> at a time so that every core is busy (one
/// export keeps less than two busy), and hands them back in their given order to be committed one after another:
/// whatever the order they finish in, the dataset gets them as from one at a time. Recordings are opened in order;
/// the first that cannot be opened stops the opening of later ones. A recording with the id of one staged before it
/// is staged only after that one was committed or dropped (the two would share temporary names). At most twice
/// <paramref name="parallelism"/> recordings are open and uncommitted at once. Disposed, the queue stops what is
/// still being staged and removes every staged recording not handed back.
/// </summary>
public sealed class DatasetExportQueue : IAsyncDisposable
{
    /// <summary>Two at most: each export beside the first adds some 220 MB at the peak; a third showed no clear gain on two cores.</summary>
    public static int DefaultParallelism => Math.Min(2, Environment.ProcessorCount);

    private readonly DatasetExporter exporter;
    private readonly IReadOnlyList<string> inputs;
    private readonly SemaphoreSlim writers, open;
    private readonly CancellationTokenSource stop;
    private readonly TaskCompletionSource<StagedRecording>[] staged;
    private readonly TaskCompletionSource[] released;
    private readonly Task launching;
    private int next;

    public DatasetExportQueue(DatasetExporter exporter, IReadOnlyList<string> inputs, int parallelism, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parallelism);
        this.exporter = exporter;
        this.inputs = inputs;
        writers = new SemaphoreSlim(parallelism);
        open = new SemaphoreSlim(2 * parallelism);
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        staged = inputs.Select(_ => new TaskCompletionSource<StagedRecording>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        released = inputs.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        launching = Task.Run(LaunchAsync, CancellationToken.None);
    }

    /// <summary>The next recording in order, staged.</summary>
    /// <exception cref="RecordingException">It cannot be read.</exception>
    /// <exception cref="IOException">Its files could not be written.</exception>
    /// <exception cref="OperationCanceledException">The export was cancelled.</exception>
    public Task<StagedRecording> NextAsync() => staged[next++].Task;

    private async Task LaunchAsync()
    {
        var ids = new string[inputs.Count];
        int i = 0;
        try
        {
            for (; i < inputs.Count; i++)
            {
                await open.WaitAsync(stop.Token);
                await writers.WaitAsync(stop.Token);
                if (Open(i) is not { } source)
                {
                    i++;
                    break;
                }
                try
                {
                    ids[i] = RecordingIdentity.Of(source);
                    for (int earlier = 0; earlier < i; earlier++)
                        if (ids[earlier] == ids[i])
                            await released[earlier].Task.WaitAsync(stop.Token);
                }
                catch (Exception e)
                {
                    source.Dispose();
                    writers.Release();
                    staged[i].TrySetException(e);
                    i++;
                    break;
                }
                Stage(i, source);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped while waiting for a turn: this one and the later ones are not staged.
        }
        for (; i < inputs.Count; i++)
            staged[i].TrySetCanceled(stop.Token);
    }

    /// <summary>The recording, or null when it cannot be opened (its failure then handed back in its place).</summary>
    private IRecordingSource? Open(int index)
    {
        try
        {
            return RecordingFile.Open(inputs[index]);
        }
        catch (Exception e)
        {
            writers.Release();
            staged[index].SetException(e);
            return null;
        }
    }

    private void Stage(int index, IRecordingSource source) => _ = Task.Run(async () =>
    {
        StagedDatasetExport export;
        try
        {
            export = await exporter.StageAsync(source, stop.Token);
        }
        catch (Exception e)
        {
            writers.Release();
            source.Dispose();
            Release(index);
            staged[index].SetException(e);
            return;
        }
        writers.Release();
        staged[index].SetResult(new StagedRecording(source, export, () => Release(index)));
    }, CancellationToken.None);

    private void Release(int index)
    {
        released[index].TrySetResult();
        open.Release();
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await launching;
        for (int i = next; i < staged.Length; i++)
        {
            try
            {
                (await staged[i].Task).Dispose();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Its failure comes after the one that ended the export: not reported.
            }
        }
        stop.Dispose();
        writers.Dispose();
        open.Dispose();
    }
}
