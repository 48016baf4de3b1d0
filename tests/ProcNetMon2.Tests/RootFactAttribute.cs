namespace ProcNetMon2.Tests;

/// <summary>
/// A test that needs root. Without root it is skipped with a loud reason, except under CI=true,
/// where it runs and fails through <see cref="Ensure"/>: CI must never pass by skipping it.
/// </summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!IsRoot && !InCi)
            Skip = "NOT RUN: needs root (run the tests with sudo); under CI=true this fails instead";
    }

    public static bool IsRoot => Environment.IsPrivilegedProcess;

    private static bool InCi => Environment.GetEnvironmentVariable("CI") == "true";

    /// <summary>Call first in every [RootFact] test.</summary>
    public static void Ensure() => Assert.True(IsRoot, "this test needs root, and CI=true forbids skipping it");
}
