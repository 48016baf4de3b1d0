using System.Globalization;
using ProcNetMon2.Analyze.Rendering;

namespace ProcNetMon2.Analyze.Live;

/// <summary>The live view's header, as text: the host, how it captures, the whole machine's rates and the recorder's own cost.</summary>
public static class LiveHeader
{
    public static IReadOnlyList<(string Label, string Value)> Of(LiveSnapshot snapshot, IReadOnlyList<LiveGroupRow> rows)
    {
        double seconds = snapshot.Seconds;
        var health = snapshot.Health;
        return
        [
            ("time", snapshot.EndTime.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
            ("host", TerminalSafeText.From(snapshot.Info.Host)),
            ("backend", TerminalSafeText.From(snapshot.Info.Backend)),
            ("tx", Rate(rows.Sum(r => r.TxRate))),
            ("rx", Rate(rows.Sum(r => r.RxRate))),
            ("events", string.Create(CultureInfo.InvariantCulture, $"{health.EventsSubmitted / seconds:0}/s")),
            ("lost", string.Create(CultureInfo.InvariantCulture, $"{health.LostEvents} ({health.LostEventsTotal} total)")),
            ("cpu", string.Create(CultureInfo.InvariantCulture, $"{100 * health.CpuSeconds / seconds:0.0}%")),
            ("mem", HumanBytes.Format(health.RssBytes)),
            ("ring", snapshot.Info.RingBytes > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{100.0 * health.RingFillPeakBytes / snapshot.Info.RingBytes:0.0}%")
                : "-"),
        ];
    }

    public static string Rate(double bytesPerSecond) => HumanBytes.Format(bytesPerSecond) + "/s";
}
