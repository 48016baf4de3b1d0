using System.Text;
using ProcNetMon2.Cli;

namespace ProcNetMon2.Tests.Cli;

/// <summary>An answer written as bytes (an HTML page): to the -o file, put in place whole, or as text to standard output.</summary>
public sealed class OutputTargetTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();
    private static readonly byte[] Page = Encoding.UTF8.GetBytes("<p>é</p>");

    [Fact]
    public void Bytes_go_to_the_file_as_they_are()
    {
        string path = directory.File("page.html");
        var output = new StringWriter();
        using (var target = OutputTarget.Open(path, force: false, input: directory.File("recording.pnm")))
            target.WriteBytes(output, stream => stream.Write(Page));

        Assert.Equal(Page, File.ReadAllBytes(path));
        Assert.Empty(output.ToString());
    }

    [Fact]
    public void A_file_is_in_place_only_once_written_whole()
    {
        string path = directory.File("page.html");
        using (var target = OutputTarget.Open(path, force: false, input: directory.File("recording.pnm")))
            Assert.Throws<IOException>(() => target.WriteBytes(TextWriter.Null, stream =>
            {
                stream.Write(Page);
                throw new IOException("the page failed half way");
            }));

        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Without_a_file_the_bytes_are_text_on_the_output()
    {
        var output = new StringWriter();
        using (var target = OutputTarget.Open(null, force: false, input: directory.File("recording.pnm")))
            target.WriteBytes(output, stream => stream.Write(Page));

        Assert.Equal("<p>é</p>", output.ToString());
    }

    public void Dispose() => directory.Dispose();
}
