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

    /// <summary>A build for no particular runtime carries the object of each architecture, as committed; each opens in libbpf.</summary>
    [Theory]
    [InlineData(System.Runtime.InteropServices.Architecture.X64, "pnm.bpf.o")]
    [InlineData(System.Runtime.InteropServices.Architecture.Arm64, "pnm.arm64.bpf.o")]
    public void Each_architecture_has_its_committed_object_embedded(System.Runtime.InteropServices.Architecture architecture, string committed)
    {
        string name = BpfObject.EmbeddedObjectName(architecture)!;
        using var stream = typeof(BpfObject).Assembly.GetManifestResourceStream(name);
        Assert.NotNull(stream);
        var embedded = new byte[stream.Length];
        stream.ReadExactly(embedded);

        Assert.Equal(File.ReadAllBytes(RepositoryRoot.File("bpf", committed)), embedded);
        using var opened = BpfObject.Open(embedded, "pnm");
        Assert.Contains("sock_send_length", opened.ProgramNames);
    }
}
