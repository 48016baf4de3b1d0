using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze.Export.Dataset;

/// <summary>A recording staged for the dataset, with its source (for the warnings its reading gave); disposing it uncommitted removes its files.</summary>
public sealed class StagedRecording(IRecordingSource source, StagedDatasetExport staged, Action release) : IDisposable
{
    private bool disposed;

    public IReadOnlyList<string> Warnings => source.Warnings;

    public DatasetExport Commit() => staged.Commit();

    public void Dispose()
    {
        if (disposed)
            return;
        disposed = true;
        staged.Dispose();
        source.Dispose();
        release();
    }
}
