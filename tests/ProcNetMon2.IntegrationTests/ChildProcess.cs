using System.Diagnostics;
using System.Text;
using Xunit;

namespace ProcNetMon2.IntegrationTests;

/// <summary>A started program whose stdout and stderr lines are collected as they arrive.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder stdout = new(), stderr = new();
    private readonly object gate = new();

    private ChildProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => process.Id;
    public string Stdout { get { lock (gate) return stdout.ToString(); } }
    public string Stderr { get { lock (gate) return stderr.ToString(); } }

    public static ChildProcess Start(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
            info.ArgumentList.Add(arg);
        return new ChildProcess(Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}"));
    }

    /// <summary>Runs to completion and returns (exit code, stdout, stderr).</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(TimeSpan timeout, string program, params string[] args)
    {
        using var child = Start(program, args);
        int code = child.WaitForExit(timeout);
        return (code, child.Stdout, child.Stderr);
    }

    /// <summary>Runs a setup command that must succeed.</summary>
    public static void RunOrFail(params string[] command)
    {
        var (code, _, stderr) = Run(TimeSpan.FromSeconds(20), command[0], command[1..]);
        Assert.True(code == 0, $"{string.Join(' ', command)} failed: {stderr}");
    }

    public string WaitForLine(Func<string, bool> match, bool onStderr, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            string text = onStderr ? Stderr : Stdout;
            string? line = text.Split('\n').FirstOrDefault(match);
            if (line is not null)
                return line;
            if (process.HasExited)
                break;
            Thread.Sleep(20);
        }
        throw new TimeoutException($"no matching line from {process.StartInfo.FileName}; stdout: {Stdout} stderr: {Stderr}");
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{process.StartInfo.FileName} did not exit within {timeout}; stderr: {Stderr}");
        }
        process.WaitForExit();
        return process.ExitCode;
    }

    public void Signal(int signal) => Native.Kill(process.Id, signal);

    public void WriteLine(string line)
    {
        process.StandardInput.WriteLine(line);
        process.StandardInput.Flush();
    }

    /// <summary>Writes <paramref name="text"/> to the program's stdin and closes it.</summary>
    public void WriteAll(string text)
    {
        process.StandardInput.Write(text);
        process.StandardInput.Close();
    }

    private void Append(StringBuilder to, string? line)
    {
        if (line is null)
            return;
        lock (gate)
            to.Append(line).Append('\n');
    }

    public void Dispose()
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        process.Dispose();
    }
}
