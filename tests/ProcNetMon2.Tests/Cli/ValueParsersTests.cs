using System.CommandLine;
using System.CommandLine.Parsing;
using ProcNetMon2.Cli;

namespace ProcNetMon2.Tests.Cli;

public sealed class ValueParsersTests
{
    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("10s", 10)]
    [InlineData("1.5s", 1.5)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("2", 2)]
    public void Durations_take_a_unit(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Parse(ValueParsers.Duration, text).Value);

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("ms")]
    [InlineData("10x")]
    [InlineData("-5s")]
    [InlineData("0")]
    [InlineData("0ms")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e300")]
    [InlineData("1e300h")]
    [InlineData("-1e300s")]
    [InlineData("922337203686s")]
    public void Bad_durations_are_refused(string text) =>
        Assert.Equal($"'{text}' is not a duration: use e.g. 500ms, 10s, 5m or 1h", Parse(ValueParsers.Duration, text).Error);

    [Theory]
    [InlineData("4K", 4096)]
    [InlineData("4096", 4096)]
    [InlineData("8M", 8 << 20)]
    [InlineData("8m", 8 << 20)]
    [InlineData("1G", 1 << 30)]
    public void Ring_sizes_take_a_unit(string text, uint bytes) =>
        Assert.Equal(bytes, Parse(ValueParsers.RingSize, text).Value);

    [Theory]
    [InlineData("3000")]
    [InlineData("5M")]
    [InlineData("0")]
    [InlineData("2K")]
    [InlineData("2G")]
    [InlineData("-4K")]
    [InlineData("+8M")]
    [InlineData("8 M")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("18446744073709551616")]
    [InlineData("34359738369G")]
    [InlineData("17592186044417M")]
    public void Bad_ring_sizes_are_refused(string text) =>
        Assert.Equal($"'{text}' is not a ring size: use a power of two from 4K to 1G, e.g. 8M", Parse(ValueParsers.RingSize, text).Error);

    /// <summary>Parses one flag value with the parser as pnm's command line would.</summary>
    private static (T? Value, string? Error) Parse<T>(Func<ArgumentResult, T> parser, string text)
    {
        var option = new Option<T>("--value") { CustomParser = parser };
        var result = new RootCommand { option }.Parse(["--value", text]);
        return result.Errors.Count == 0 ? (result.GetValue(option), null) : (default, result.Errors[0].Message);
    }
}
