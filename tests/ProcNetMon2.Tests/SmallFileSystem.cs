namespace ProcNetMon2.Tests;

/// <summary>A tmpfs mounted in a fresh directory for the length of a test.</summary>
internal sealed class SmallFileSystem : IDisposable
{
    public required string Path { get; init; }

    public static SmallFileSystem Mount(string options)
    {
        string path = Directory.CreateTempSubdirectory("pnm-small-fs-").FullName;
        var mount = ExternalCommand.Run("mount", ["-t", "tmpfs", "-o", options, "tmpfs", path]);
        Assert.True(mount.ExitCode == 0, mount.Error);
        return new SmallFileSystem { Path = path };
    }

    /// <summary>Mounts it again with other options, e.g. "remount,ro".</summary>
    public void Remount(string options)
    {
        var mount = ExternalCommand.Run("mount", ["-o", options, Path]);
        Assert.True(mount.ExitCode == 0, mount.Error);
    }

    public void Dispose()
    {
        ExternalCommand.Run("umount", [Path]);
        Directory.Delete(Path);
    }
}
