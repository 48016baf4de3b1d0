using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ProcNetMon2.Benchmarks;

/// <summary>A capture tool running beside the workload; None is the baseline.</summary>
internal sealed partial class Monitor : IDisposable
{
    private readonly Process? process;
    private readonly string? output;
    private readonly IDisposable? inProcess;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> stdoutLines = new();

    public string Name { get; }
    public int? Pid => process?.Id;
    public string? OutputPath => output;
    /// <summary>What the monitor printed on stdout so far, a line each.</summary>
    public IReadOnlyCollection<string> StdoutLines => stdoutLines;

    private Monitor(string name, Process? process, string? output, IDisposable? inProcess = null)
    {
        Name = name;
        this.process = process;
        this.output = output;
        this.inProcess = inProcess;
    }

    public static Monitor None() => new("none", null, null);

    /// <summary>Kernel programs this process attached; stopping disposes them.</summary>
    public static Monitor InProcess(IDisposable attached) => new("in-process", null, null, attached);

    /// <summary>This monitor with kernel programs this process attached beside it; stopping disposes them too.</summary>
    public Monitor Alongside(IDisposable attached) => new(Name, process, output, attached);

    public static Monitor Start(string name, string program, string[] args, string readyText, bool readyOnStderr, string? output)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string arg in args)
            info.ArgumentList.Add(arg);
        var process = Process.Start(info)!;
        var monitor = new Monitor(name, process, output);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                monitor.stdoutLines.Enqueue(e.Data);
        };
        var ready = new TaskCompletionSource();
        void Watch(object _, DataReceivedEventArgs e)
        {
            if (e.Data?.Contains(readyText, StringComparison.Ordinal) == true)
                ready.TrySetResult();
        }
        if (readyOnStderr)
            process.ErrorDataReceived += Watch;
        else
            process.OutputDataReceived += Watch;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        if (!ready.Task.Wait(TimeSpan.FromSeconds(60)))
            throw new TimeoutException($"{name} did not become ready");
        Thread.Sleep(200);
        return monitor;
    }

    public void Stop()
    {
        inProcess?.Dispose();
        if (process is null || process.HasExited)
            return;
        Kill(process.Id, 15);
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            process.Kill();
    }

    public void Dispose()
    {
        Stop();
        process?.Dispose();
        if (output is null)
            return;
        if (Directory.Exists(output))
            Directory.Delete(output, recursive: true);
        foreach (string path in new[] { output, output + "-wal", output + "-shm" })
            File.Delete(path);
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
