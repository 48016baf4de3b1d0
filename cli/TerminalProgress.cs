using System.Diagnostics;
using System.Globalization;
using ProcNetMon2.Schema;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ProcNetMon2.Cli;

/// <summary>
/// A progress bar on stderr (percentage, events read per second, time left) for work that reads recordings: shown only
/// when stderr is a terminal and only once the work has taken a second, and cleared when it ends, so quick commands,
/// pipes, files and CI see nothing. The readers report through <see cref="WorkProgress"/>.
/// </summary>
public sealed class TerminalProgress : IWorkProgress, IDisposable
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(100);
    private readonly string description;
    private readonly IDisposable scope;
    private readonly ManualResetEventSlim finished = new();
    private readonly Thread display;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private long work, done, events;

    private TerminalProgress(string description)
    {
        this.description = description;
        scope = WorkProgress.Use(this);
        display = new Thread(Show) { IsBackground = true, Name = "pnm progress" };
        display.Start();
    }

    /// <summary>Progress of what runs until the result is disposed, shown on <paramref name="error"/> when it is a terminal.</summary>
    public static IDisposable For(TextWriter error, string description) =>
        ConsoleTerminal.IsError(error) ? new TerminalProgress(description) : NoDisplay.Instance;

    public void AddWork(long amount) => Interlocked.Add(ref work, amount);

    public void Advance(long amount, long eventCount)
    {
        Interlocked.Add(ref done, amount);
        Interlocked.Add(ref events, eventCount);
    }

    private void Show()
    {
        if (finished.Wait(Delay))
            return;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Error),
            Interactive = InteractionSupport.Yes,
        });
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new EventRateColumn(this),
                new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(description));
                do
                {
                    // The work grows as reads start (a report reads once per part); the bar never runs past its end.
                    long total = Math.Max(1, Interlocked.Read(ref work));
                    task.MaxValue = total;
                    task.Value = Math.Min(Interlocked.Read(ref done), total);
                    context.Refresh();
                } while (!finished.Wait(Refresh));
            });
    }

    public void Dispose()
    {
        finished.Set();
        display.Join();
        scope.Dispose();
        finished.Dispose();
    }

    /// <summary>Events read per second since the work began.</summary>
    private sealed class EventRateColumn(TerminalProgress progress) : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            double seconds = progress.clock.Elapsed.TotalSeconds;
            double rate = seconds > 0 ? Interlocked.Read(ref progress.events) / seconds : 0;
            string text = rate switch
            {
                >= 1e6 => string.Create(CultureInfo.InvariantCulture, $"{rate / 1e6:0.0}M events/s"),
                >= 1e3 => string.Create(CultureInfo.InvariantCulture, $"{rate / 1e3:0.0}k events/s"),
                _ => string.Create(CultureInfo.InvariantCulture, $"{rate:0} events/s"),
            };
            return new Text(text);
        }
    }

    private sealed class NoDisplay : IDisposable
    {
        public static readonly NoDisplay Instance = new();

        public void Dispose()
        {
        }
    }
}
