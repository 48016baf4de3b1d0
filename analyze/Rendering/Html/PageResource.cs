namespace ProcNetMon2.Analyze.Rendering.Html;

/// <summary>The page's files, embedded in this assembly under their path below Rendering/Html.</summary>
internal static class PageResource
{
    public static string Text(string path)
    {
        string name = "ProcNetMon2.Analyze.Rendering.Html." + path.Replace('/', '.');
        using var stream = typeof(PageResource).Assembly.GetManifestResourceStream(name)
                           ?? throw new InvalidOperationException($"resource {name} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
