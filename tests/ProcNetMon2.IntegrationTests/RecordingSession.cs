using Xunit;

namespace ProcNetMon2.IntegrationTests;

/// <summary>A real `pnm record` (or `pnm top -o`) running as its own process, stopped the way a service manager would.</summary>
internal sealed class RecordingSession : IDisposable
{
    private readonly ChildProcess pnm;
    public string Directory { get; }
    public string Path { get; }

    private RecordingSession(string directory, string path, ChildProcess pnm)
    {
        Directory = directory;
        Path = path;
        this.pnm = pnm;
    }

    public static RecordingSession Start(params string[] extraArgs) => StartAs("trace.db", extraArgs);

    /// <summary>Records to <paramref name="fileName"/> in a fresh directory: its extension picks the format.</summary>
    public static RecordingSession StartAs(string fileName, params string[] extraArgs) => Launch("record", fileName, withoutTracefs: false, extraArgs);

    /// <summary>`pnm top -o <paramref name="fileName"/>`: a live view recording the same capture; its view is <see cref="Stdout"/>.</summary>
    public static RecordingSession StartTop(string fileName, params string[] extraArgs) => Launch("top", fileName, withoutTracefs: false, extraArgs);

    /// <summary>
    /// Records with no tracefs in pnm's view (a private mount namespace without it), as on a host that
    /// never mounted it: programs that attach through tracefs cannot.
    /// </summary>
    public static RecordingSession StartWithoutTracefs(string fileName) => Launch("record", fileName, withoutTracefs: true, []);

    private static RecordingSession Launch(string command, string fileName, bool withoutTracefs, string[] extraArgs)
    {
        RootRequirement.Ensure();
        string directory = TestPaths.NewTempDirectory();
        string path = System.IO.Path.Combine(directory, fileName);
        // SIGINT as on a terminal: a test run started in the background by a non-interactive shell (nohup, `&`) passes
        // SIGINT down ignored, and pnm, like any program, keeps a signal ignored at its start ignored.
        string[] record = ["env", "--default-signal=INT", TestPaths.Pnm, command, "-o", path, .. extraArgs];
        var pnm = withoutTracefs
            ? ChildProcess.Start("unshare", ["--mount", "sh", "-c",
                "umount /sys/kernel/tracing 2>/dev/null; umount /sys/kernel/debug 2>/dev/null; exec \"$@\"", "sh", .. record])
            : ChildProcess.Start(record[0], record[1..]);
        pnm.WaitForLine(l => l.Contains("recording to", StringComparison.Ordinal), onStderr: true, TimeSpan.FromSeconds(30));
        return new RecordingSession(directory, path, pnm);
    }

    public int Pid => pnm.Pid;

    /// <summary>What pnm printed on stdout so far.</summary>
    public string Stdout => pnm.Stdout;

    /// <summary>Stops with a signal; pnm must flush, close and exit 0. Returns what it printed.</summary>
    public string Stop(int signal = Native.SIGTERM)
    {
        pnm.Signal(signal);
        int code = pnm.WaitForExit(TimeSpan.FromSeconds(30));
        Assert.True(code == 0, $"pnm exited {code}: {pnm.Stderr}");
        return pnm.Stderr;
    }

    /// <summary>Kills pnm with SIGKILL: no flush, no close, as after a crash or the OOM killer.</summary>
    public void Kill()
    {
        pnm.Signal(SIGKILL);
        pnm.WaitForExit(TimeSpan.FromSeconds(30));
    }

    private const int SIGKILL = 9;

    public void Dispose()
    {
        pnm.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
