using System.Text.RegularExpressions;

namespace ProcNetMon2.Record;

/// <summary>Recognises container ids and systemd units in a cgroup v2 path.</summary>
public static partial class CgroupNames
{
    /// <summary>
    /// docker-&lt;id&gt;.scope, /docker/&lt;id&gt;, cri-containerd-&lt;id&gt;.scope, crio-&lt;id&gt;.scope,
    /// libpod-&lt;id&gt;.scope (podman), /kubepods/…/&lt;id&gt;: a 64-hex id, shown as its first 12 characters.
    /// </summary>
    public static string? Container(string? cgroupPath)
    {
        if (cgroupPath is null)
            return null;
        var match = ContainerId().Match(cgroupPath);
        return match.Success ? match.Groups["id"].Value[..12] : null;
    }

    /// <summary>The innermost systemd service or scope, e.g. nginx.service or session-3.scope.</summary>
    public static string? Unit(string? cgroupPath)
    {
        if (cgroupPath is null || Container(cgroupPath) is not null)
            return null;
        return cgroupPath.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .LastOrDefault(part => part.EndsWith(".service", StringComparison.Ordinal) || part.EndsWith(".scope", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"(?:docker|cri-containerd|crio|libpod)[-/](?<id>[0-9a-f]{64})|/(?<id>[0-9a-f]{64})(?:\.scope)?$")]
    private static partial Regex ContainerId();
}
