using System.Globalization;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze;

/// <summary>How a process's user is shown: the name the recording host had for the uid, else the uid itself.</summary>
internal static class UserNames
{
    public static string? Of(ProcessRecord process) =>
        process.UserName ?? process.Uid?.ToString(CultureInfo.InvariantCulture);
}
