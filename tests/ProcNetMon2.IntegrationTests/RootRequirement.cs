using Xunit;

namespace ProcNetMon2.IntegrationTests;

/// <summary>
/// A test that loads real BPF programs. Without root it is skipped with a loud reason, except under
/// CI=true, where it runs and fails: CI must never pass by skipping the tests that matter.
/// </summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!RootRequirement.IsRoot && !RootRequirement.InCi)
            Skip = "NOT RUN: needs root to load BPF programs (run the tests with sudo); under CI=true this fails instead";
    }
}

public static class RootRequirement
{
    public static bool IsRoot => Native.GetEffectiveUserId() == 0;
    public static bool InCi => Environment.GetEnvironmentVariable("CI") == "true";

    public static void Ensure() =>
        Assert.True(IsRoot, "this test needs root to load BPF programs, and CI=true forbids skipping it");
}
