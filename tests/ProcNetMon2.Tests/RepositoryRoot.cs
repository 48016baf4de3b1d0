namespace ProcNetMon2.Tests;

/// <summary>The checkout the tests were built from: the nearest folder above them holding ProcNetMon2.sln.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(directory.FullName, "ProcNetMon2.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"no ProcNetMon2.sln above {AppContext.BaseDirectory}");
    }
}
