namespace ProcNetMon2.Analyze.Export.Dataset;

/// <summary>
/// One recording's files written under temporary names (<see cref="DatasetExporter.StageAsync"/>): <see cref="Commit"/>
/// puts them in place, replacing the recording's earlier files; disposed uncommitted, they are removed and the dataset
/// is as it was.
/// </summary>
public sealed class StagedDatasetExport : IDisposable
{
    private readonly StagedFiles files;

    internal StagedDatasetExport(StagedFiles files, DatasetExport export)
    {
        this.files = files;
        Export = export;
    }

    /// <summary>What <see cref="Commit"/> adds.</summary>
    public DatasetExport Export { get; }

    public DatasetExport Commit()
    {
        files.Commit();
        return Export;
    }

    public void Dispose() => files.Dispose();
}
