using System.CommandLine.Parsing;
using ProcNetMon2.Analyze;

namespace ProcNetMon2.Cli.Commands;

/// <summary>The grouping field names every --group-by takes (pnm report's, pnm top's, --metrics-group-by), and their check.</summary>
internal static class GroupByNames
{
    public static string List => string.Join(", ", GroupFields.ByName.Keys);

    public static void Check(OptionResult result, IEnumerable<string> names)
    {
        foreach (string name in names)
            if (!GroupFields.ByName.ContainsKey(name))
                result.AddError($"{result.Option.Name}: unknown field '{name}'; use {List}");
    }
}
