using ProcNetMon2.Record;

namespace ProcNetMon2.Tests.Record;

public sealed class PasswdUserNamesTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    [Fact]
    public void Parse_maps_each_uid_to_its_first_name_and_skips_what_is_not_an_entry()
    {
        string[] passwd =
        [
            "root:x:0:0:root:/root:/bin/bash",
            "# a comment:x:5:5::/:/bin/sh",
            "",
            "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin",
            "toor:x:0:0:second root:/root:/bin/sh",
            "+nisuser::7:7:::",
            "-nisuser2::8:8:::",
            "broken-line-without-fields",
            "baduid:x:abc:1::/:/bin/sh",
            "negative:x:-3:1::/:/bin/sh",
            "huge:x:4294967294:1::/:/bin/sh",
            ":x:9:9::/:/bin/sh",
            "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin",
        ];

        var names = PasswdUserNames.Parse(passwd);

        Assert.Equal(new Dictionary<int, string> { [0] = "root", [1] = "daemon", [65534] = "nobody" }, names);
    }

    [Fact]
    public void An_unknown_uid_has_no_name()
    {
        string path = Passwd("root:x:0:0:root:/root:/bin/bash\n");
        var names = new PasswdUserNames(path);

        Assert.Equal("root", names.NameOf(0));
        Assert.Null(names.NameOf(1234));
    }

    [Fact]
    public void A_user_added_after_the_first_read_is_found_by_reading_the_file_again()
    {
        string path = Passwd("root:x:0:0:root:/root:/bin/bash\n");
        var names = new PasswdUserNames(path);
        Assert.Null(names.NameOf(1001));

        File.AppendAllText(path, "alice:x:1001:1001::/home/alice:/bin/sh\n");

        Assert.Equal("alice", names.NameOf(1001));
        Assert.Equal("root", names.NameOf(0));
    }

    [Fact]
    public void Names_are_kept_from_the_first_read_while_the_file_is_unchanged()
    {
        string path = Passwd("root:x:0:0:root:/root:/bin/bash\n");
        var names = new PasswdUserNames(path);
        Assert.Equal("root", names.NameOf(0));

        File.Delete(path);

        Assert.Equal("root", names.NameOf(0));
        Assert.Null(names.NameOf(1001));
    }

    [Fact]
    public void Without_a_passwd_file_no_uid_has_a_name() =>
        Assert.Null(new PasswdUserNames(directory.File("missing")).NameOf(0));

    private string Passwd(string content)
    {
        string path = directory.File("passwd");
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => directory.Dispose();
}
