using System.Globalization;

namespace ProcNetMon2.Record;

/// <summary>
/// uid → user name from the passwd file, so a recording names its users wherever it is read. The file is
/// read once, and again when a uid is missing and the file has changed since: users can be added while
/// recording. Users known only to other name services (LDAP, sssd) are not found: null.
/// </summary>
public sealed class PasswdUserNames(string passwdPath = "/etc/passwd")
{
    private IReadOnlyDictionary<int, string> names = new Dictionary<int, string>();
    private (DateTime Modified, long Length)? versionRead;

    public string? NameOf(int uid)
    {
        if (names.TryGetValue(uid, out string? name))
            return name;
        return ReloadIfChanged() ? names.GetValueOrDefault(uid) : null;
    }

    /// <summary>The first name of each uid, as getpwuid(3) would pick it; lines that are not entries are skipped.</summary>
    public static IReadOnlyDictionary<int, string> Parse(IEnumerable<string> passwdLines)
    {
        var byUid = new Dictionary<int, string>();
        foreach (string line in passwdLines)
        {
            // name:password:uid:gid:gecos:home:shell; '+' and '-' lines are NIS inclusions, not users.
            string[] fields = line.Split(':');
            if (fields.Length < 3 || fields[0].Length == 0 || fields[0][0] is '#' or '+' or '-')
                continue;
            if (int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out int uid))
                byUid.TryAdd(uid, fields[0]);
        }
        return byUid;
    }

    private bool ReloadIfChanged()
    {
        try
        {
            var file = new FileInfo(passwdPath);
            if (!file.Exists || versionRead == (file.LastWriteTimeUtc, file.Length))
                return false;
            versionRead = (file.LastWriteTimeUtc, file.Length);
            names = Parse(File.ReadLines(passwdPath));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
