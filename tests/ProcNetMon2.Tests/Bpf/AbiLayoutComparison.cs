using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using ProcNetMon2.Bpf.Abi;

namespace ProcNetMon2.Tests.Bpf;

/// <summary>Which C# type mirrors which declaration of pnm_abi.h.</summary>
internal sealed record AbiMirror(
    IReadOnlyDictionary<string, Type> Structs,
    IReadOnlyDictionary<string, (Type Enum, string ConstantPrefix)> Enums,
    Type Limits,
    string LimitPrefix)
{
    public static readonly AbiMirror Pnm = new(
        new Dictionary<string, Type>
        {
            ["pnm_event_header"] = typeof(EventHeader),
            ["pnm_sock_io_event"] = typeof(SockIoEvent),
            ["pnm_process_exec_event"] = typeof(ProcessExecEvent),
            ["pnm_process_exit_event"] = typeof(ProcessExitEvent),
            ["pnm_process_fork_event"] = typeof(ProcessForkEvent),
            ["pnm_sock_state_event"] = typeof(SockStateEvent),
            ["pnm_sock_accept_event"] = typeof(SockAcceptEvent),
            ["pnm_tcp_incident_event"] = typeof(TcpIncidentEvent),
            ["pnm_payload_prefix_event"] = typeof(PayloadPrefixEvent),
            ["pnm_sock_io_overflow_key"] = typeof(SockIoOverflowKey),
            ["pnm_sock_io_overflow"] = typeof(SockIoOverflow),
            ["pnm_flow_key"] = typeof(FlowKey),
            ["pnm_flow_counts"] = typeof(FlowCounts),
        },
        new Dictionary<string, (Type, string)>
        {
            ["pnm_event_kind"] = (typeof(EventKind), "PNM_EVENT_"),
            ["pnm_direction"] = (typeof(EventDirection), "PNM_DIRECTION_"),
            ["pnm_tcp_incident"] = (typeof(EventTcpIncident), "PNM_TCP_"),
            ["pnm_capture_counter"] = (typeof(CaptureCounter), "PNM_COUNTER_"),
        },
        typeof(AbiLimits),
        "PNM_");

    public AbiMirror WithStruct(string cName, Type mirror) =>
        this with { Structs = new Dictionary<string, Type>(Structs) { [cName] = mirror } };
}

/// <summary>Lists every difference between the compiled header and its C# mirror; none means they agree.</summary>
internal static partial class AbiLayoutComparison
{
    private static readonly Dictionary<string, Type> CScalarTypes = new()
    {
        ["char"] = typeof(byte), ["__u8"] = typeof(byte), ["__s8"] = typeof(sbyte),
        ["__u16"] = typeof(ushort), ["__s16"] = typeof(short),
        ["__u32"] = typeof(uint), ["__s32"] = typeof(int),
        ["__u64"] = typeof(ulong), ["__s64"] = typeof(long),
    };

    public static IReadOnlyList<string> Compare(CLayout c, AbiMirror mirror)
    {
        var mismatches = new List<string>();
        foreach (var cStruct in c.Structs)
            CompareStruct(cStruct, mirror, mismatches);
        foreach (string extra in mirror.Structs.Keys.Except(c.Structs.Select(s => s.Name)))
            mismatches.Add($"C# mirrors struct {extra}, which the header does not declare");
        foreach (var cEnum in c.Enums)
            CompareEnum(cEnum, c.Values, mirror, mismatches);
        foreach (string extra in mirror.Enums.Keys.Except(c.Enums.Select(e => e.Name)))
            mismatches.Add($"C# mirrors enum {extra}, which the header does not declare");
        CompareLimits(c.Defines, c.Values, mirror, mismatches);
        return mismatches;
    }

    public static string SnakeCase(string pascalCase) => WordStart().Replace(pascalCase, "_").ToLowerInvariant();

    private static void CompareStruct(CStructLayout c, AbiMirror mirror, List<string> mismatches)
    {
        if (!mirror.Structs.TryGetValue(c.Name, out var type))
        {
            mismatches.Add($"struct {c.Name} has no C# mirror");
            return;
        }
        var csharpFields = AbiLayoutManaged.FieldsOf(type);
        var csharpNames = csharpFields.Select(f => SnakeCase(f.Name)).ToList();
        var cNames = c.Fields.Select(f => f.Name).ToList();
        if (!cNames.SequenceEqual(csharpNames))
            mismatches.Add($"{c.Name}: the fields differ; C has {string.Join(", ", cNames)}; {type.Name} has {string.Join(", ", csharpNames)}");

        int size = AbiLayoutManaged.SizeOf(type);
        if (size != c.Size)
            mismatches.Add($"{c.Name}: size {c.Size} in C, {size} in C# ({type.Name})");

        foreach (var cField in c.Fields)
        {
            var field = csharpFields.FirstOrDefault(f => SnakeCase(f.Name) == cField.Name);
            if (field is null)
                continue;
            string where = $"{c.Name}.{cField.Name}";
            int offset = AbiLayoutManaged.OffsetOf(field);
            if (offset != cField.Offset)
                mismatches.Add($"{where}: offset {cField.Offset} in C, {offset} in C# ({type.Name}.{field.Name})");
            int fieldSize = AbiLayoutManaged.SizeOf(field.FieldType);
            if (fieldSize != cField.Size)
                mismatches.Add($"{where}: size {cField.Size} in C, {fieldSize} in C# ({type.Name}.{field.Name})");
            if (TypeMismatch(cField, field.FieldType, mirror) is { } typeMismatch)
                mismatches.Add($"{where}: {typeMismatch}");
        }
    }

    /// <summary>Same-sized fields can still disagree: signed against unsigned, a struct against bytes.</summary>
    private static string? TypeMismatch(CFieldLayout c, Type csharp, AbiMirror mirror)
    {
        const string structPrefix = "struct ";
        if (c.Type.StartsWith(structPrefix, StringComparison.Ordinal))
        {
            var expected = mirror.Structs.GetValueOrDefault(c.Type[structPrefix.Length..]);
            return csharp == expected ? null : $"C {c.Type} is mirrored by {expected?.Name ?? "nothing"}, but the field is {csharp.Name}";
        }
        if (!CScalarTypes.TryGetValue(c.Type, out var expectedScalar))
            return $"C type {c.Type} is unknown to the layout check";
        Type? actual = c.IsArray ? InlineArrayElement(csharp) : csharp.IsEnum ? Enum.GetUnderlyingType(csharp) : csharp;
        string cType = c.IsArray ? c.Type + "[]" : c.Type;
        string expectedType = c.IsArray ? $"an [InlineArray] of {expectedScalar.Name}" : expectedScalar.Name;
        return actual == expectedScalar ? null : $"C {cType} needs {expectedType}, but the field is {csharp.Name}";
    }

    private static Type? InlineArrayElement(Type type) =>
        type.GetCustomAttribute<InlineArrayAttribute>() is null ? null : AbiLayoutManaged.FieldsOf(type).Single().FieldType;

    private static void CompareEnum(CEnumDeclaration c, IReadOnlyDictionary<string, long> values, AbiMirror mirror, List<string> mismatches)
    {
        if (!mirror.Enums.TryGetValue(c.Name, out var csharp))
        {
            mismatches.Add($"enum {c.Name} has no C# mirror");
            return;
        }
        var members = Enum.GetNames(csharp.Enum).ToDictionary(
            name => csharp.ConstantPrefix + SnakeCase(name).ToUpperInvariant(),
            name => (Name: $"{csharp.Enum.Name}.{name}", Value: Convert.ToInt64(Enum.Parse(csharp.Enum, name), CultureInfo.InvariantCulture)));
        CompareConstants(c.Constants, values, members, $"enum {c.Name}", csharp.Enum.Name, mismatches);
    }

    private static void CompareLimits(IReadOnlyList<string> defines, IReadOnlyDictionary<string, long> values, AbiMirror mirror, List<string> mismatches)
    {
        var constants = mirror.Limits.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .ToDictionary(
                f => mirror.LimitPrefix + SnakeCase(f.Name).ToUpperInvariant(),
                f => (Name: $"{mirror.Limits.Name}.{f.Name}", Value: Convert.ToInt64(f.GetRawConstantValue(), CultureInfo.InvariantCulture)));
        CompareConstants(defines, values, constants, "#define", mirror.Limits.Name, mismatches);
    }

    private static void CompareConstants(
        IReadOnlyList<string> cNames, IReadOnlyDictionary<string, long> cValues,
        Dictionary<string, (string Name, long Value)> csharp, string cOwner, string csharpOwner, List<string> mismatches)
    {
        foreach (string name in cNames)
        {
            if (!csharp.TryGetValue(name, out var member))
                mismatches.Add($"{cOwner} {name} has no counterpart in {csharpOwner}");
            else if (member.Value != cValues[name])
                mismatches.Add($"{name} is {cValues[name]} in C, {member.Value} in C# ({member.Name})");
        }
        foreach (var (name, member) in csharp.Where(m => !cNames.Contains(m.Key)))
            mismatches.Add($"{member.Name} has no counterpart {name} in {cOwner}");
    }

    [GeneratedRegex("(?<=[a-z0-9])(?=[A-Z])")]
    private static partial Regex WordStart();
}
