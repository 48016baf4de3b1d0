using System.CommandLine;

namespace ProcNetMon2.Cli.Commands;

/// <summary>-o/--output and --force, as pnm record, convert and export take them (see schema's OutputFile for what they mean).</summary>
public static class OutputOptions
{
    /// <param name="example">A name that shows the expected kind of file, e.g. trace.pnm.</param>
    public static Option<string> Output(string description, string example)
    {
        var option = new Option<string>("--output", "-o") { Description = description, Required = true };
        option.Validators.Add(r =>
        {
            if (string.IsNullOrEmpty(r.GetValueOrDefault<string>()))
                r.AddError($"--output needs a file name, e.g. -o {example}");
        });
        return option;
    }

    public static Option<bool> Force() => new("--force") { Description = "Overwrite the output if it exists" };
}
