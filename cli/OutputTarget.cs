using ProcNetMon2.Schema;

namespace ProcNetMon2.Cli;

/// <summary>Where an analysis command writes: standard output, or the -o file, written whole or not at all (schema's OutputFile).</summary>
public sealed class OutputTarget : IDisposable
{
    private readonly OutputFile? file;

    private OutputTarget(OutputFile? file) => this.file = file;

    /// <summary>Checked at once, before any recording is read: a refused output should not cost a whole analysis.</summary>
    /// <exception cref="OutputFileException">The file is refused (the message says why).</exception>
    public static OutputTarget Open(string? path, bool force, string input) =>
        new(path is null ? null : OutputFile.ForExport(path, force, input));

    public bool IsFile => file is not null;

    /// <summary>Runs <paramref name="write"/> on the file (then puts it in place) or on <paramref name="output"/>.</summary>
    public void Write(TextWriter output, Action<TextWriter> write)
    {
        if (file is null)
        {
            write(output);
            return;
        }
        using (var writer = new StreamWriter(file.CreateStream(), new System.Text.UTF8Encoding(false)))
            write(writer);
        file.Commit();
    }

    /// <summary>
    /// Runs <paramref name="write"/> on the file's bytes (then puts it in place), or, with no file, on a buffer that is
    /// then written to <paramref name="output"/> as text. The bytes are UTF-8.
    /// </summary>
    public void WriteBytes(TextWriter output, Action<Stream> write)
    {
        if (file is null)
        {
            using var buffer = new MemoryStream();
            write(buffer);
            output.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            return;
        }
        using (var stream = file.CreateStream())
            write(stream);
        file.Commit();
    }

    public void Dispose() => file?.Dispose();
}
