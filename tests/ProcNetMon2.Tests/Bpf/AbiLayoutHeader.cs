using System.Text.RegularExpressions;

namespace ProcNetMon2.Tests.Bpf;

internal sealed record CFieldDeclaration(string Type, string Name, bool IsArray);

internal sealed record CStructDeclaration(string Name, IReadOnlyList<CFieldDeclaration> Fields);

internal sealed record CEnumDeclaration(string Name, IReadOnlyList<string> Constants);

/// <summary>
/// The structs, enums and #define limits of pnm_abi.h, read with a few regular expressions.
/// That suffices for the header's plain style (one field per declaration); anything else is
/// refused loudly rather than skipped.
/// </summary>
internal sealed partial record AbiLayoutHeader(
    IReadOnlyList<CStructDeclaration> Structs,
    IReadOnlyList<CEnumDeclaration> Enums,
    IReadOnlyList<string> Defines)
{
    public static AbiLayoutHeader Parse(string headerText)
    {
        string text = Comment().Replace(headerText, " ");
        var structs = Struct().Matches(text)
            .Select(m => new CStructDeclaration(m.Groups["name"].Value, Members(m.Groups["name"].Value, m.Groups["body"].Value)))
            .ToList();
        var enums = Enum().Matches(text)
            .Select(m => new CEnumDeclaration(m.Groups["name"].Value, Enumerators(m.Groups["body"].Value)))
            .ToList();
        var defines = Define().Matches(text).Select(m => m.Groups["name"].Value).ToList();
        return new AbiLayoutHeader(structs, enums, defines);
    }

    private static List<CFieldDeclaration> Members(string structName, string body) =>
        body.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(member => Member().Match(member) is { Success: true } m
                ? new CFieldDeclaration(Whitespace().Replace(m.Groups["type"].Value, " "), m.Groups["name"].Value, m.Groups["length"].Success)
                : throw new FormatException($"struct {structName}: cannot read the member '{member}'; the layout check reads one plain field per declaration"))
            .ToList();

    private static List<string> Enumerators(string body) =>
        body.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(enumerator => Enumerator().Match(enumerator).Groups["name"].Value)
            .ToList();

    [GeneratedRegex(@"/\*.*?\*/|//[^\n]*", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"\bstruct\s+(?<name>\w+)\s*\{(?<body>[^}]*)\}\s*;")]
    private static partial Regex Struct();

    [GeneratedRegex(@"^(?<type>(?:struct\s+)?\w+)\s+(?<name>\w+)\s*(?:\[\s*(?<length>\w+)\s*\])?$")]
    private static partial Regex Member();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\benum\s+(?<name>\w+)\s*\{(?<body>[^}]*)\}\s*;")]
    private static partial Regex Enum();

    [GeneratedRegex(@"^(?<name>\w+)")]
    private static partial Regex Enumerator();

    // A #define with a value: the include guard has none.
    [GeneratedRegex(@"^\s*#\s*define\s+(?<name>PNM_\w+)[ \t]+\S", RegexOptions.Multiline)]
    private static partial Regex Define();
}
