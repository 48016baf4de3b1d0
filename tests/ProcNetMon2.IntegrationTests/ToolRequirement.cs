using Xunit;

namespace ProcNetMon2.IntegrationTests;

/// <summary>External programs a test drives; .ci/run installs them, so under CI their absence fails.</summary>
internal static class ToolRequirement
{
    public static void Ensure(string tool)
    {
        bool found = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, tool)));
        Assert.True(found, $"{tool} is not installed: install it (apt-get install {tool}) to run this test");
    }
}
