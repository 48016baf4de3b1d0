using ProcNetMon2.Analyze;
using ProcNetMon2.Schema.Segments;

namespace ProcNetMon2.Tests.Analyze;

/// <summary>The warm-up that compiles a report's hot code ahead: it must find every method it names and decompress its sample.</summary>
public sealed class AnalysisWarmUpTests
{
    [Fact]
    public void The_embedded_sample_decompresses_to_a_whole_block_prefix()
    {
        int size = SegmentReadWarmUp.Run();

        Assert.True(size >= 4096, $"the sample decompressed to {size} bytes");
    }

    [Fact]
    public void Every_method_it_compiles_exists_once_and_is_compiled()
    {
        var methods = AnalysisWarmUp.Methods().ToList();

        Assert.All(methods, Assert.NotNull);
        Assert.Equal(methods.Count, methods.Distinct().Count());
        Assert.Equal(methods.Count, AnalysisWarmUp.Run());
    }

    [Fact]
    public void Started_on_its_own_thread_it_runs_to_the_end_in_the_background()
    {
        var thread = AnalysisWarmUp.Start();

        Assert.True(thread.IsBackground);
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)), "the warm-up did not finish");
    }
}
