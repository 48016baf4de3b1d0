using Xunit;

namespace ProcNetMon2.IntegrationTests;

/// <summary>A real terminal: a shell in a pane of a private tmux server, driven by keys and read with capture-pane.</summary>
internal sealed class TmuxPane : IDisposable
{
    private readonly string server = "pnm-it-" + Guid.NewGuid().ToString("N")[..8];

    private TmuxPane()
    {
    }

    public static TmuxPane StartShell(int width, int height)
    {
        ToolRequirement.Ensure("tmux");
        var pane = new TmuxPane();
        pane.Tmux("new-session", "-d", "-s", "test", "-x", width.ToString(), "-y", height.ToString(), "sh");
        return pane;
    }

    /// <summary>Types a command line and presses Enter.</summary>
    public void Run(string commandLine) => Tmux("send-keys", "-t", "test", "-l", commandLine + "\n");

    public void Press(string key) => Tmux("send-keys", "-t", "test", key);

    /// <summary>Resizes the window, as a user dragging the terminal's edge does.</summary>
    public void Resize(int width, int height) => Tmux("resize-window", "-t", "test", "-x", width.ToString(), "-y", height.ToString());

    /// <param name="escapes">With the escape sequences that set colours and attributes.</param>
    public string Capture(bool escapes = false) => Tmux(escapes ? ["capture-pane", "-p", "-e", "-t", "test"] : ["capture-pane", "-p", "-t", "test"]);

    /// <summary>The program in the pane's foreground, e.g. sh once a full-screen program has quit.</summary>
    public string CurrentCommand => Tmux("display-message", "-p", "-t", "test", "#{pane_current_command}").Trim();

    /// <summary>The pid of the program the pane's shell runs in the foreground (its one child).</summary>
    public int ShellChildPid()
    {
        string shell = Tmux("display-message", "-p", "-t", "test", "#{pane_pid}").Trim();
        string children = File.ReadAllText($"/proc/{shell}/task/{shell}/children").Trim();
        return int.Parse(Assert.Single(children.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
    }

    /// <summary>Whether the pane shows the alternate screen (a full-screen program has it, a shell does not).</summary>
    public bool AlternateScreen => Tmux("display-message", "-p", "-t", "test", "#{alternate_on}").Trim() == "1";

    /// <summary>Captures until the screen satisfies <paramref name="match"/>; fails with the last screen otherwise.</summary>
    public string WaitFor(Func<string, bool> match, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        string screen = "";
        while (DateTime.UtcNow < deadline)
        {
            screen = Capture();
            if (match(screen))
                return screen;
            Thread.Sleep(100);
        }
        Assert.Fail($"the terminal never showed {what}; it showed:\n{screen}");
        return screen;
    }

    private string Tmux(params string[] args)
    {
        var (code, stdout, stderr) = ChildProcess.Run(TimeSpan.FromSeconds(10), "tmux", ["-L", server, .. args]);
        Assert.True(code == 0, $"tmux {string.Join(' ', args)} failed ({code}): {stderr}");
        return stdout;
    }

    public void Dispose() => ChildProcess.Run(TimeSpan.FromSeconds(10), "tmux", "-L", server, "kill-server");
}
