using System.Globalization;
using System.Text;

namespace ProcNetMon2.Analyze.Live;

/// <summary>The OpenMetrics 1.0 text exposition: metric families, their samples, and the closing # EOF.</summary>
public sealed class OpenMetricsText
{
    public const string ContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private readonly StringBuilder text = new();

    /// <param name="unit">When given, the family's name must end with _unit, as OpenMetrics requires.</param>
    public OpenMetricsText Family(string name, string type, string help, string? unit = null)
    {
        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        if (unit is not null)
            text.Append("# UNIT ").Append(name).Append(' ').Append(unit).Append('\n');
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        return this;
    }

    /// <param name="name">The sample's name: the family's, with _total for a counter.</param>
    public OpenMetricsText Sample(string name, IEnumerable<KeyValuePair<string, string>> labels, double value)
    {
        text.Append(name);
        bool first = true;
        foreach (var (label, labelValue) in labels)
        {
            text.Append(first ? '{' : ',').Append(label).Append("=\"").Append(Escape(labelValue)).Append('"');
            first = false;
        }
        if (!first)
            text.Append('}');
        text.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        return this;
    }

    public OpenMetricsText Sample(string name, double value) => Sample(name, [], value);

    public override string ToString() => text + "# EOF\n";

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
