namespace ProcNetMon2.Analyze.Rendering;

/// <summary>RFC 4180 fields: quoted only when they hold a comma, a quote or a line break.</summary>
internal static class CsvFields
{
    private static readonly char[] CharactersNeedingQuotes = [',', '"', '\r', '\n'];

    public static string Quoted(string field) =>
        field.IndexOfAny(CharactersNeedingQuotes) < 0 ? field : $"\"{field.Replace("\"", "\"\"")}\"";
}
