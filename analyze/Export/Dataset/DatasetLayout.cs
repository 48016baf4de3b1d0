using System.Globalization;
using System.Text;

namespace ProcNetMon2.Analyze.Export.Dataset;

/// <summary>
/// Where a dataset's files go: one folder per table, Hive partitions below it
/// (<c>events/host=web-1/date=2026-12-01/hour=4/</c>: the hour unpadded, so engines read it as a number; the other tables without hour), and in each
/// partition one file per recording, named by its id (<c>rec-3f9a….parquet</c>).
/// </summary>
public static class DatasetLayout
{
    /// <summary>The dataset schema's version, written into every file's metadata (<c>pnm.dataset_schema_version</c>).</summary>
    public const int SchemaVersion = 1;

    public const string Events = "events", Processes = "processes", Sockets = "sockets", PacketFlows = "packet_flows", Losses = "losses", Recordings = "recordings";

    public static IReadOnlyList<string> Tables { get; } = [Events, Processes, Sockets, PacketFlows, Losses, Recordings];

    /// <summary>The partition folder, relative to the dataset, of a table's rows of one host and UTC hour (hour only for events).</summary>
    public static string Partition(string table, string host, DateTime utc, bool withHour) =>
        Path.Combine(table, $"host={Escape(host)}", $"date={utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}")
        + (withHour ? Path.DirectorySeparatorChar + $"hour={utc.Hour.ToString(CultureInfo.InvariantCulture)}" : "");

    public static string FileName(string recordingId) => $"rec-{recordingId}.parquet";

    /// <summary>
    /// A host name as a partition value: letters, digits, '.', '_' and '-' as they are, every other byte of its
    /// UTF-8 as %XX (as Hive escapes), so no name can leave its folder or read as another partition.
    /// </summary>
    public static string Escape(string value)
    {
        var text = new StringBuilder();
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        for (int i = 0; i < bytes.Length; i++)
        {
            char c = (char)bytes[i];
            // A leading '.' or '_' would hide the folder from Spark and Hive (and "." and ".." are no names).
            if (char.IsAsciiLetterOrDigit(c) || c == '-' || c is '.' or '_' && i > 0)
                text.Append(c);
            else
                text.Append('%').Append(bytes[i].ToString("X2", CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }
}
