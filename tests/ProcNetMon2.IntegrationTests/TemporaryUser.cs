namespace ProcNetMon2.IntegrationTests;

/// <summary>A system user that exists for one test: added with useradd, removed with userdel.</summary>
internal sealed class TemporaryUser : IDisposable
{
    public string Name { get; }
    public int Uid { get; }

    public TemporaryUser()
    {
        Name = "pnm-test-" + Guid.NewGuid().ToString("N")[..8];
        ChildProcess.RunOrFail("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", Name);
        Uid = int.Parse(ChildProcess.Run(TimeSpan.FromSeconds(30), "id", "-u", Name).Stdout);
    }

    /// <summary>Runs a traffic generator role as this user, to its end.</summary>
    public TrafficResult RunTraffic(params string[] args)
    {
        var (code, stdout, stderr) = ChildProcess.Run(TimeSpan.FromSeconds(60), "setpriv", [$"--reuid={Name}", $"--regid={Name}", "--clear-groups",
            TestPaths.TrafficGen, .. args]);
        if (code != 0)
            throw new InvalidOperationException($"pnm-trafficgen as {Name} failed ({code}): {stderr}");
        return Traffic.Parse(stdout);
    }

    public void Dispose() => ChildProcess.RunOrFail("userdel", Name);
}
