using ProcNetMon2.Bpf;

namespace ProcNetMon2.Tests.Bpf;

public sealed class BpfObjectTests
{
    [Fact]
    public void A_key_of_another_size_than_the_maps_is_refused_before_the_kernel_sees_it()
    {
        using var bpf = BpfObject.OpenEmbedded();

        // pid_filter maps a 4-byte pid to a 1-byte flag: an 8-byte key would be read past its end.
        var refused = Assert.Throws<ArgumentException>(() => bpf.Update("pid_filter", 1234UL, (byte)1));

        Assert.StartsWith("map pid_filter holds 4-byte keys and 1-byte values, not 8 and 1", refused.Message);
    }
}
