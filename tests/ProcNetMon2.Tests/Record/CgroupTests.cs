using ProcNetMon2.Record;

namespace ProcNetMon2.Tests.Record;

public sealed class CgroupTests : IDisposable
{
    private const string Id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private readonly string mount = Directory.CreateTempSubdirectory("pnm-cgroup-").FullName;

    [Theory]
    [InlineData($"/system.slice/docker-{Id}.scope", "0123456789ab", null)]
    [InlineData($"/kubepods/besteffort/pod1/cri-containerd-{Id}.scope", "0123456789ab", null)]
    [InlineData($"/machine.slice/libpod-{Id}.scope/container", "0123456789ab", null)]
    [InlineData($"/docker/{Id}", "0123456789ab", null)]
    [InlineData("/system.slice/nginx.service", null, "nginx.service")]
    [InlineData("/user.slice/user-1000.slice/session-3.scope", null, "session-3.scope")]
    [InlineData("/", null, null)]
    public void Container_ids_and_units_are_read_from_the_path(string path, string? container, string? unit)
    {
        Assert.Equal(container, CgroupNames.Container(path));
        Assert.Equal(unit, CgroupNames.Unit(path));
    }

    [Fact]
    public void A_container_selects_its_cgroup_and_every_cgroup_below_it()
    {
        string scope = Directory.CreateDirectory(Path.Combine(mount, "system.slice", $"docker-{Id}.scope")).FullName;
        string child = Directory.CreateDirectory(Path.Combine(scope, "init")).FullName;
        Directory.CreateDirectory(Path.Combine(mount, "system.slice", "nginx.service"));

        var ids = CgroupSelection.Resolve(mount, [], ["0123456789ab"]);

        Assert.Equal(new[] { FileInode.Of(scope), FileInode.Of(child) }.Order(), ids.Select(i => (ulong?)i).Order());
    }

    [Fact]
    public void An_unknown_container_or_cgroup_is_refused_with_its_name()
    {
        Assert.Contains("container feedfacecafe", Assert.Throws<RecordException>(() => CgroupSelection.Resolve(mount, [], ["feedfacecafe"])).Message);
        Assert.Contains("no cgroup /nope", Assert.Throws<RecordException>(() => CgroupSelection.Resolve(mount, ["/nope"], [])).Message);
        Assert.Contains("cgroup v2", Assert.Throws<RecordException>(() => CgroupSelection.Resolve(null, ["/x"], [])).Message);
    }

    public void Dispose() => Directory.Delete(mount, recursive: true);
}
