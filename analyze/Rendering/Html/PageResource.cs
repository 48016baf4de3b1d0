namespace ProcNetMon2.Analyze.Rendering.Html;

/// <summary>The page's files, embedded in this assembly under their path below Rendering/Html.</summary>
internal static class PageResource
{
    public static string Text(string path)
    {
        using var reader = new StreamReader(Open(path));
        return reader.ReadToEnd();
    }

    /// <summary>Copies the file's bytes (UTF-8) to <paramref name="output"/>.</summary>
    public static void CopyTo(string path, Stream output)
    {
        using var stream = Open(path);
        stream.CopyTo(output);
    }

    private static Stream Open(string path)
    {
        string name = "ProcNetMon2.Analyze.Rendering.Html." + path.Replace('/', '.');
        return typeof(PageResource).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"resource {name} is not embedded");
    }
}
