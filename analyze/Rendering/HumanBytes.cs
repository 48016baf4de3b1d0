using System.Globalization;

namespace ProcNetMon2.Analyze.Rendering;

/// <summary>Byte counts for people: exact below 1 KiB, one decimal in binary units above; a decrease keeps its minus sign.</summary>
public static class HumanBytes
{
    private static readonly string[] Units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

    public static string Format(double bytes)
    {
        if (bytes < 0)
            return "-" + Format(-bytes);
        var rounded = Math.Round(bytes, MidpointRounding.AwayFromZero);
        if (rounded < 1024)
            return string.Create(CultureInfo.InvariantCulture, $"{rounded:0} B");
        var scaled = bytes / 1024;
        var unit = 0;
        // Move up a unit when one decimal would round to 1024.0 in this one.
        while (Math.Round(scaled, 1, MidpointRounding.AwayFromZero) >= 1024 && unit < Units.Length - 1)
        {
            scaled /= 1024;
            unit++;
        }
        return string.Create(CultureInfo.InvariantCulture, $"{scaled:0.0} {Units[unit]}");
    }
}
