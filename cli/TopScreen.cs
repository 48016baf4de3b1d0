using System.Collections.Concurrent;
using ProcNetMon2.Analyze;
using ProcNetMon2.Analyze.Live;
using Spectre.Console;

namespace ProcNetMon2.Cli;

/// <summary>
/// pnm top's full-screen view: Spectre.Console's alternate screen and live display, redrawn at each
/// interval, key and resize. The terminal is given back when the view ends for any reason (q, Ctrl+C,
/// SIGTERM, the end of the capture, an exception).
/// </summary>
internal static class TopScreen
{
    /// <summary>What the g key steps through, from the first.</summary>
    private static readonly IReadOnlyList<GroupField>[] Groupings =
        [[GroupField.Pid], [GroupField.Comm], [GroupField.Tree], [GroupField.Remote], [GroupField.Iface], [GroupField.App]];
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    /// <param name="holdAtEnd">Keep showing the last interval after the snapshots end (a replay), until q.</param>
    public static void Run(LiveBoard board, BlockingCollection<LiveSnapshot> snapshots, CancellationTokenSource stop, TimeSpan interval, bool holdAtEnd)
    {
        var console = AnsiConsole.Console;
        var view = new ViewState(board, interval);
        // Keys need a terminal on stdin too; `pnm top < /dev/null` shows the view without them (Ctrl+C still quits).
        bool keys = !Console.IsInputRedirected;
        console.AlternateScreen(() => console.Live(view.Frame(console.Profile.Width, console.Profile.Height))
            .AutoClear(false)
            .Overflow(VerticalOverflow.Crop)
            .Cropping(VerticalOverflowCropping.Bottom)
            .Start(context =>
            {
                var size = (console.Profile.Width, console.Profile.Height);
                while (!stop.IsCancellationRequested)
                {
                    bool changed = view.Take(snapshots);
                    if (snapshots.IsCompleted && !view.Ended)
                    {
                        // A capture that failed before its first interval has its error to print.
                        if (!holdAtEnd || board.Latest is null)
                            return;
                        view.Ended = changed = true;
                    }
                    while (keys && Console.KeyAvailable)
                    {
                        if (!view.OnKey(Console.ReadKey(intercept: true)))
                            return;
                        changed = true;
                    }
                    var newSize = (console.Profile.Width, console.Profile.Height);
                    if (changed || newSize != size)
                    {
                        size = newSize;
                        context.UpdateTarget(view.Frame(size.Width, size.Height));
                    }
                    stop.Token.WaitHandle.WaitOne(Tick);
                }
            }));
    }

    /// <summary>The keys' effects on the board and the screen.</summary>
    private sealed class ViewState(LiveBoard board, TimeSpan interval)
    {
        private readonly List<LiveSnapshot> held = [];
        private bool paused;
        private string? filterInput;
        private int grouping;

        public bool Ended { get; set; }

        public Spectre.Console.Rendering.IRenderable Frame(int width, int height) =>
            LiveScreen.Render(board, new LiveScreenState(paused, Ended, filterInput, interval), width, height);

        /// <summary>Takes the intervals that arrived; while paused they wait, to be added in order on resume.</summary>
        public bool Take(BlockingCollection<LiveSnapshot> snapshots)
        {
            bool any = false;
            while (snapshots.TryTake(out var snapshot))
            {
                held.Add(snapshot);
                any = true;
            }
            if (paused || held.Count == 0)
                return false;
            foreach (var snapshot in held)
                board.Add(snapshot);
            held.Clear();
            return any;
        }

        /// <returns>False to quit.</returns>
        public bool OnKey(ConsoleKeyInfo key)
        {
            if (filterInput is not null)
            {
                TypeFilter(key);
                return true;
            }
            switch (char.ToLowerInvariant(key.KeyChar))
            {
                case 'q':
                    return false;
                case 's':
                    board.Sort = (LiveSort)(((int)board.Sort + 1) % Enum.GetValues<LiveSort>().Length);
                    break;
                case 'r':
                    board.Reversed = !board.Reversed;
                    break;
                case 'p' or ' ':
                    paused = !paused;
                    break;
                case 'g':
                    grouping = (grouping + 1) % Groupings.Length;
                    board.RegroupBy(new LiveGroups(Groupings[grouping]));
                    break;
                case '/':
                    filterInput = board.Filter;
                    break;
            }
            if (key.Key == ConsoleKey.Escape)
                board.Filter = "";
            return true;
        }

        private void TypeFilter(ConsoleKeyInfo key)
        {
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    filterInput = null;
                    return;
                case ConsoleKey.Escape:
                    filterInput = null;
                    board.Filter = "";
                    return;
                case ConsoleKey.Backspace:
                    filterInput = filterInput![..Math.Max(0, filterInput!.Length - 1)];
                    break;
                default:
                    if (!char.IsControl(key.KeyChar))
                        filterInput += key.KeyChar;
                    break;
            }
            board.Filter = filterInput!;
        }
    }
}
