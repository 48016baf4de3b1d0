using System.Globalization;
using ProcNetMon2.Analyze.Rendering;
using ProcNetMon2.Record;
using Spectre.Console;

namespace ProcNetMon2.Cli;

/// <summary>
/// `pnm record` on a terminal: one line on stderr, redrawn in place once a second, with the time recorded, events
/// written, events per second, the recording's size on disk and the events lost. Nothing when stderr is not a terminal.
/// </summary>
public sealed class RecordStatusLine : IDisposable
{
    private readonly string path;
    private readonly ManualResetEventSlim finished = new();
    private readonly ManualResetEventSlim started = new();
    private readonly Thread display;
    private RecordingStatus? latest, previous;

    private RecordStatusLine(string path)
    {
        this.path = path;
        display = new Thread(Show) { IsBackground = true, Name = "pnm status" };
        display.Start();
    }

    /// <summary>Null when <paramref name="error"/> is not a terminal.</summary>
    public static RecordStatusLine? For(TextWriter error, string path) => ConsoleTerminal.IsError(error) ? new RecordStatusLine(path) : null;

    /// <summary>For <see cref="Recorder.Run"/>: keeps the news for the display thread, returns at once.</summary>
    public void Update(RecordingStatus status)
    {
        Interlocked.Exchange(ref latest, status);
        started.Set();
    }

    private void Show()
    {
        // The line appears with the first flush, a second into the capture: after pnm's "recording to …".
        if (WaitHandle.WaitAny([started.WaitHandle, finished.WaitHandle]) == 1)
            return;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error), Interactive = InteractionSupport.Yes });
        console.Live(new Text("")).AutoClear(true).Start(context =>
        {
            do
            {
                if (Volatile.Read(ref latest) is not { } status || ReferenceEquals(status, previous))
                    continue;
                context.UpdateTarget(new Text(Describe(status, previous, SizeOnDisk(path))));
                previous = status;
            } while (!finished.Wait(TimeSpan.FromMilliseconds(250)));
        });
    }

    internal static string Describe(RecordingStatus status, RecordingStatus? previous, long bytesOnDisk)
    {
        double seconds = previous is null ? status.Elapsed.TotalSeconds : (status.Elapsed - previous.Elapsed).TotalSeconds;
        double rate = seconds > 0 ? (status.Events - (previous?.Events ?? 0)) / seconds : 0;
        var invariant = CultureInfo.InvariantCulture;
        return string.Create(invariant,
            $"recording {status.Elapsed:hh\\:mm\\:ss}  {status.Events:N0} events  {rate:N0} events/s  {HumanBytes.Format(bytesOnDisk)} on disk  {status.LostEvents:N0} lost");
    }

    /// <summary>A SQLite file with its journal, or every file of a segment recording.</summary>
    private static long SizeOnDisk(string path)
    {
        try
        {
            if (Directory.Exists(path))
                return new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
            return new[] { path, path + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0; // a segment rotated away while counted: the next second counts again
        }
    }

    public void Dispose()
    {
        finished.Set();
        display.Join();
        finished.Dispose();
        started.Dispose();
    }
}
