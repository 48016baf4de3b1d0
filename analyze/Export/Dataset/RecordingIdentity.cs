using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Analyze.Export.Dataset;

/// <summary>
/// A recording's id in a dataset: the same every time the same recording is exported, even after it grew
/// (a recording still being written, rotated segments added), so a re-export replaces its files; another
/// recording, of another host or boot or start, gets another.
/// </summary>
public static class RecordingIdentity
{
    /// <summary>
    /// 16 hex digits of SHA-256 over the host, the start (monotonic), the boot's clock offset and the first
    /// event's timestamp: what makes a recording itself. The first event tells apart the segments of one
    /// recording exported one by one (each segment file read alone).
    /// </summary>
    public static string Of(IRecordingSource source)
    {
        var info = source.Info;
        long? firstEventNs = source.ReadEvents().Select(e => (long?)e.TimestampNs).FirstOrDefault();
        string identity = string.Join('\n', info.Host, Text(info.StartedNs), Text(info.MonotonicToWallNs), firstEventNs is { } first ? Text(first) : "-");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..16];
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
