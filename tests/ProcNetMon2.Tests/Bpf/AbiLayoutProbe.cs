using System.Globalization;
using System.Text;

namespace ProcNetMon2.Tests.Bpf;

internal sealed record CFieldLayout(string Name, string Type, bool IsArray, int Offset, int Size);

internal sealed record CStructLayout(string Name, int Size, IReadOnlyList<CFieldLayout> Fields);

/// <summary>The header as the C compiler lays it out, plus the value of every enum constant and #define.</summary>
internal sealed record CLayout(
    IReadOnlyList<CStructLayout> Structs,
    IReadOnlyList<CEnumDeclaration> Enums,
    IReadOnlyList<string> Defines,
    IReadOnlyDictionary<string, long> Values);

/// <summary>How the probe is built and run: for this machine, or for arm64 (a static binary run by qemu-user).</summary>
internal sealed record ProbeToolchain(string Compiler, string[] Flags, string? Emulator, string Packages)
{
    public static readonly ProbeToolchain Host = new("cc", [], null, "gcc or clang");
    public static readonly ProbeToolchain Arm64 = new("aarch64-linux-gnu-gcc", ["-static"], "qemu-aarch64-static",
        "gcc-aarch64-linux-gnu, libc6-dev-arm64-cross and qemu-user-static (tests/install-prerequisites.sh)");
}

/// <summary>Compiles a small C program around the header that prints sizeof, offsetof and constant values.</summary>
internal static class AbiLayoutProbe
{
    public const string HeaderName = "pnm_abi.h";

    public static string RepositoryHeaderText => File.ReadAllText(RepositoryRoot.File("bpf", "src", HeaderName));

    public static CLayout Measure(string headerText, ProbeToolchain? toolchain = null)
    {
        toolchain ??= ProbeToolchain.Host;
        var header = AbiLayoutHeader.Parse(headerText);
        var workDirectory = Directory.CreateTempSubdirectory("pnm-event-layout-");
        try
        {
            File.WriteAllText(Path.Combine(workDirectory.FullName, HeaderName), headerText);
            File.WriteAllText(Path.Combine(workDirectory.FullName, "probe.c"), ProbeProgram(header));
            Compile(workDirectory.FullName, toolchain);
            string probe = Path.Combine(workDirectory.FullName, "probe");
            var run = toolchain.Emulator is { } emulator ? Run(toolchain, emulator, [probe]) : ExternalCommand.Run(probe, []);
            Assert.True(run.ExitCode == 0, $"the layout probe failed ({run.ExitCode}): {run.Error}");
            return Read(header, run.Output);
        }
        finally
        {
            workDirectory.Delete(recursive: true);
        }
    }

    private static void Compile(string workDirectory, ProbeToolchain toolchain)
    {
        var compile = Run(toolchain, toolchain.Compiler, [.. toolchain.Flags, "-o", "probe", "probe.c"], workDirectory);
        Assert.True(compile.ExitCode == 0, $"{toolchain.Compiler} cannot compile the layout probe around {HeaderName}:\n{compile.Error}");
    }

    private static CommandResult Run(ProbeToolchain toolchain, string program, string[] args, string? workDirectory = null)
    {
        try
        {
            return ExternalCommand.Run(program, args, workDirectory);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"no {program}: the event layout check needs {toolchain.Packages} ({e.Message})", e);
        }
    }

    private static string ProbeProgram(AbiLayoutHeader header)
    {
        var program = new StringBuilder($$"""
            #include <stddef.h>
            #include <stdio.h>
            #if __has_include(<linux/types.h>)
            #include <linux/types.h>
            #else
            typedef unsigned char __u8;
            typedef signed char __s8;
            typedef unsigned short __u16;
            typedef short __s16;
            typedef unsigned int __u32;
            typedef int __s32;
            typedef unsigned long long __u64;
            typedef long long __s64;
            #endif
            #include "{{HeaderName}}"

            int main(void)
            {

            """);
        foreach (var s in header.Structs)
        {
            program.AppendLine($"""    printf("size {s.Name} %zu\n", sizeof(struct {s.Name}));""");
            foreach (var f in s.Fields)
                program.AppendLine(
                    $"""    printf("field {s.Name} {f.Name} %zu %zu\n", offsetof(struct {s.Name}, {f.Name}), sizeof(((struct {s.Name} *)0)->{f.Name}));""");
        }
        foreach (string name in header.Enums.SelectMany(e => e.Constants).Concat(header.Defines))
            program.AppendLine($"""    printf("value {name} %lld\n", (long long)({name}));""");
        program.AppendLine("    return 0;\n}");
        return program.ToString();
    }

    private static CLayout Read(AbiLayoutHeader header, string probeOutput)
    {
        var sizes = new Dictionary<string, int>();
        var fields = new Dictionary<(string Struct, string Field), (int Offset, int Size)>();
        var values = new Dictionary<string, long>();
        foreach (string[] words in probeOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ')))
        {
            switch (words)
            {
                case ["size", var structName, var size]:
                    sizes[structName] = Number(size);
                    break;
                case ["field", var structName, var fieldName, var offset, var size]:
                    fields[(structName, fieldName)] = (Number(offset), Number(size));
                    break;
                case ["value", var name, var value]:
                    values[name] = long.Parse(value, CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new FormatException($"unexpected layout probe output: {string.Join(' ', words)}");
            }
        }
        CFieldLayout Field(string structName, CFieldDeclaration field)
        {
            var (offset, size) = fields[(structName, field.Name)];
            return new CFieldLayout(field.Name, field.Type, field.IsArray, offset, size);
        }
        var structs = header.Structs
            .Select(s => new CStructLayout(s.Name, sizes[s.Name], s.Fields.Select(f => Field(s.Name, f)).ToList()))
            .ToList();
        return new CLayout(structs, header.Enums, header.Defines, values);
    }

    private static int Number(string text) => int.Parse(text, CultureInfo.InvariantCulture);
}
