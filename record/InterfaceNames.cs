using System.Globalization;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Record;

/// <summary>This network namespace's interfaces, from /sys/class/net.</summary>
public static class InterfaceNames
{
    public static IReadOnlyList<InterfaceRecord> Read(string sysClassNet = "/sys/class/net")
    {
        if (!Directory.Exists(sysClassNet))
            return [];
        var interfaces = new List<InterfaceRecord>();
        foreach (string dir in Directory.EnumerateDirectories(sysClassNet))
        {
            try
            {
                int ifindex = int.Parse(File.ReadAllText(Path.Combine(dir, "ifindex")).Trim(), CultureInfo.InvariantCulture);
                interfaces.Add(new InterfaceRecord(ifindex, Path.GetFileName(dir)));
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
            {
                // An interface that went away while listing.
            }
        }
        return interfaces.OrderBy(i => i.Ifindex).ToList();
    }

    public static int IndexOf(string name, IReadOnlyList<InterfaceRecord> interfaces) =>
        interfaces.FirstOrDefault(i => i.Name == name)?.Ifindex
        ?? throw new RecordException($"no network interface {name} here (have: {string.Join(", ", interfaces.Select(i => i.Name))})");
}
