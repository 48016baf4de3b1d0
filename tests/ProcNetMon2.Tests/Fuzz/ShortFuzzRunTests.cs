using ProcNetMon2.Fuzz;
using ProcNetMon2.Schema;
using ProcNetMon2.Tests.Schema;

namespace ProcNetMon2.Tests.Fuzz;

/// <summary>
/// A few seconds of the fuzz targets in every test run: a fixed set of mutations of the seed corpus
/// (the same every time) read as recordings, each ending in a result or a one-line refusal.
/// The long, coverage-guided run is tests/ProcNetMon2.Fuzz/run-afl.sh (docs/security.md).
/// </summary>
public sealed class ShortFuzzRunTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Theory]
    [InlineData("segment", 600)]
    [InlineData("frames", 600)]
    [InlineData("sqlite", 600)]
    [InlineData("convert", 100)]
    public void Mutated_seeds_end_in_a_result_or_a_refusal(string target, int executions)
    {
        string seeds = directory.File("seeds"), scratch = directory.File("scratch");
        SeedRecording.WriteCorpus(seeds);
        Directory.CreateDirectory(scratch);
        var corpus = Directory.GetFiles(Path.Combine(seeds, target)).Order().Select(File.ReadAllBytes).ToList();

        var (done, findings) = new MutationFuzzer(new FuzzTargets(scratch), target, corpus, randomSeed: 16).Run(executions);

        Assert.Equal(executions, done);
        Assert.True(findings.Count == 0, string.Join('\n', findings.Select(f => f.What)));
    }

    /// <summary>The mutations start from recordings that read completely: every seed is a clean recording of 24 events.</summary>
    [Theory]
    [InlineData("segment", "seed.pnm")]
    [InlineData("frames", "seed-frames.pnm")]
    [InlineData("sqlite", "seed.db")]
    public void The_seeds_are_clean_recordings(string target, string name)
    {
        string seeds = directory.File("seeds");
        SeedRecording.WriteCorpus(seeds);
        string path = directory.File(name);
        if (target is "segment" or "frames")
        {
            Directory.CreateDirectory(path);
            var seed = File.ReadAllBytes(Path.Combine(seeds, target, "seed-1"));
            File.WriteAllBytes(Path.Combine(path, "segment-000001.pnms"), target == "frames" ? FrameInput.ToSegment(seed) : seed);
        }
        else
            File.Copy(Path.Combine(seeds, target, "seed-1"), path);

        var check = RecordingCheck.Run(path);

        Assert.True(check.Clean, string.Join('\n', check.Problems));
        Assert.Equal(24, check.Events);
    }

    /// <summary>
    /// Every input a fuzz run found (tests/ProcNetMon2.Tests/Fuzz/findings, named TARGET-what.ext) now ends
    /// in a result or a one-line refusal. convert-duplicate-key-0.db: a SQLite file whose damaged index
    /// gave a socket id twice; pnm report and export ended in a stack trace.
    /// </summary>
    [Fact]
    public void Every_finding_of_the_fuzz_runs_now_ends_in_a_result_or_a_refusal()
    {
        string scratch = directory.File("scratch");
        Directory.CreateDirectory(scratch);
        var findings = Directory.GetFiles(RepositoryRoot.File("tests", "ProcNetMon2.Tests", "Fuzz", "findings"));

        Assert.NotEmpty(findings);
        foreach (string finding in findings)
            new FuzzTargets(scratch).Run(Path.GetFileName(finding).Split('-')[0], File.ReadAllBytes(finding));
    }
}
