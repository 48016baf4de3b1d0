using System.Reflection;
using System.Runtime.Versioning;
using ProcNetMon2.Cli;

namespace ProcNetMon2.Tests.Cli;

/// <summary>
/// Every refusal of pnm record is one line on stderr starting with "pnm: ", a non-zero exit code,
/// and no stack trace. Each run here fails before anything is loaded into the kernel.
/// </summary>
public sealed class RecordErrorTests : IDisposable
{
    private const int BadUsage = (int)ReturnCode.BadUsage, Failed = (int)ReturnCode.Failed;

    private readonly string directory = Directory.CreateTempSubdirectory("pnm-record-errors-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>
    /// An output path that fails validation, for runs that must stop at the flags:
    /// should a flag be accepted by mistake, the run still ends before recording.
    /// </summary>
    private string Unwritable => Path.Combine(directory, "missing", "out.db");

    [Fact]
    public async Task An_existing_output_is_kept_without_force()
    {
        string output = Path.Combine(directory, "existing.db");
        byte[] original = [1, 2, 3, 4];
        await File.WriteAllBytesAsync(output, original);

        string error = await Fails(Failed, "record", "-o", output);

        Assert.Contains("already exists: pass --force", error);
        Assert.Equal(original, await File.ReadAllBytesAsync(output));
    }

    [Fact]
    public async Task An_output_in_a_missing_directory_is_refused()
    {
        string error = await Fails(Failed, "record", "-o", Unwritable);

        Assert.Contains($"directory {Path.GetDirectoryName(Unwritable)} does not exist", error);
    }

    [Fact]
    public async Task A_directory_as_output_is_refused()
    {
        string error = await Fails(Failed, "record", "-o", directory);

        Assert.Contains("is a directory", error);
    }

    [Fact]
    public async Task User_needs_a_segment_output()
    {
        string error = await Fails(Failed, "record", "-o", Path.Combine(directory, "out.db"), "--user", "nobody");

        Assert.Contains("--user needs a segment recording", error);
    }

    [Fact]
    public async Task An_unknown_user_is_refused_before_recording()
    {
        string output = Path.Combine(directory, "out.pnm");

        string error = await Fails(Failed, "record", "-o", output, "--user", "no-such-user-pnm");

        Assert.Equal("pnm: --user no-such-user-pnm: no such user", error);
        Assert.False(Path.Exists(output));
    }

    [Fact]
    public async Task Rotation_needs_a_segment_output()
    {
        string output = Path.Combine(directory, "out.db");

        string error = await Fails(Failed, "record", "-o", output, "--rotate-size", "10M");

        Assert.Contains("*.pnm", error);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task A_pnm_directory_that_is_not_a_recording_is_never_overwritten()
    {
        string output = Path.Combine(directory, "photos.pnm");
        Directory.CreateDirectory(output);
        await File.WriteAllTextAsync(Path.Combine(output, "holiday.jpg"), "x");

        string error = await Fails(Failed, "record", "-o", output, "--force");

        Assert.Contains("not a pnm recording", error);
        Assert.True(File.Exists(Path.Combine(output, "holiday.jpg")));
    }

    [Theory]
    [InlineData("--rotate-size", "0")]
    [InlineData("--rotate-size", "12Q")]
    [InlineData("--retain-size", "-1G")]
    [InlineData("--rotate-time", "soon")]
    [InlineData("--retain-age", "0s")]
    public async Task A_bad_rotation_value_is_a_usage_error(string option, string value)
    {
        string error = await Fails(BadUsage, "record", "-o", Unwritable, option, value);

        Assert.Contains(value, error);
    }

    [Fact]
    public async Task Retaining_earlier_recordings_without_a_retention_limit_is_a_usage_error()
    {
        string error = await Fails(BadUsage, "record", "-o", Unwritable, "--retain-earlier");

        Assert.Contains("--retain-earlier needs --retain-size or --retain-age", error);
    }

    [Fact]
    public async Task Retaining_earlier_recordings_needs_a_segment_output()
    {
        string output = Path.Combine(directory, "out.db");

        string error = await Fails(Failed, "record", "-o", output, "--retain-age", "1h", "--retain-earlier");

        Assert.Contains("--retain-earlier need a segment recording", error);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task An_interface_filter_without_packet_counting_is_a_usage_error()
    {
        string error = await Fails(BadUsage, "record", "-o", Unwritable, "--no-packets", "--iface", "lo");

        Assert.Contains("--iface needs packet counting", error);
    }

    [Fact]
    public async Task An_empty_output_path_is_a_usage_error()
    {
        string error = await Fails(BadUsage, "record", "-o", "");

        Assert.Contains("--output", error);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-5s")]
    [InlineData("0")]
    [InlineData("1e300")]
    [InlineData("-1e300h")]
    public async Task A_bad_duration_is_a_usage_error(string duration)
    {
        string error = await Fails(BadUsage, "record", "-o", Unwritable, "--duration", duration);

        Assert.Contains($"'{duration}' is not a duration", error);
    }

    [Theory]
    [InlineData("3000")]
    [InlineData("5M")]
    [InlineData("0")]
    [InlineData("34359738369G")]
    public async Task A_bad_ring_size_is_a_usage_error(string ringSize)
    {
        string error = await Fails(BadUsage, "record", "-o", Unwritable, "--ring-size", ringSize);

        Assert.Contains($"'{ringSize}' is not a ring size", error);
    }

    [Fact]
    public async Task An_unknown_flag_is_a_usage_error()
    {
        string error = await Fails(BadUsage, "record", "-o", Unwritable, "--bogus");

        Assert.Contains("--bogus", error);
    }

    [Fact]
    public async Task A_missing_output_is_a_usage_error()
    {
        string error = await Fails(BadUsage, "record", "--duration", "1s");

        Assert.Contains("'--output' is required", error);
    }

    [RootFact]
    [SupportedOSPlatform("linux")]
    public void Without_root_pnm_record_refuses_and_writes_nothing()
    {
        RootFactAttribute.Ensure();
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_111_111);
        string output = Path.Combine(directory, "out.db");

        var result = ExternalCommand.Run("setpriv",
            ["--reuid=65534", "--regid=65534", "--clear-groups", PnmExecutable, "record", "-o", output, "--duration", "1s"]);

        Assert.Equal(Failed, result.ExitCode);
        Assert.Contains("needs root", PnmFailure.OneErrorLine(result.Error));
        Assert.Empty(result.Output);
        Assert.Empty(Directory.GetFileSystemEntries(directory));
    }

    private static Task<string> Fails(int expectedCode, params string[] args) => PnmFailure.Of(expectedCode, args);

    private static string PnmExecutable
    {
        get
        {
            string configuration = typeof(RecordErrorTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            string path = RepositoryRoot.File("cli", "bin", configuration, "net10.0", "pnm");
            Assert.True(File.Exists(path), $"{path} is missing: build the cli project ({configuration}) first");
            return path;
        }
    }
}
