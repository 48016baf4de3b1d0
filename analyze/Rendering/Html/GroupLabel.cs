using System.Globalization;

namespace ProcNetMon2.Analyze.Rendering.Html;

/// <summary>A group's name in a chart legend: its key values, a dash for none.</summary>
internal static class GroupLabel
{
    public static string Of(IEnumerable<object?> keyValues) =>
        string.Join(" ", keyValues.Select(v => v is null ? "-" : Convert.ToString(v, CultureInfo.InvariantCulture)));
}
