using ProcNetMon2.Analyze.Rendering;

namespace ProcNetMon2.Tests.Analyze;

public sealed class HumanBytesTests
{
    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1, "1 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1023.4, "1023 B")]
    [InlineData(1023.5, "1.0 KiB")]
    [InlineData(1024, "1.0 KiB")]
    [InlineData(1536, "1.5 KiB")]
    [InlineData(1_048_524, "1023.9 KiB")]
    [InlineData(1_048_575, "1.0 MiB")]
    [InlineData(1_572_864, "1.5 MiB")]
    [InlineData(5_368_709_120, "5.0 GiB")]
    [InlineData(1_099_511_627_776, "1.0 TiB")]
    [InlineData(9.223372036854776E18, "8.0 EiB")]
    public void Formats_exact_bytes_below_one_kibibyte_and_one_decimal_above(double bytes, string expected) =>
        Assert.Equal(expected, HumanBytes.Format(bytes));
}
