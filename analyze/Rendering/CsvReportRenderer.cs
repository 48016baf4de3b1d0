using System.Globalization;

namespace ProcNetMon2.Analyze.Rendering;

/// <summary>
/// A header line and one line per process, exact numbers, RFC 4180 quoting. The recording summary is
/// left out: comment lines would break CSV parsers.
/// </summary>
public sealed class CsvReportRenderer : IReportRenderer
{
    private static readonly string[] Header =
    [
        "pid", "name", "tx_bytes", "rx_bytes", "avg_tx_bytes_per_sec", "avg_rx_bytes_per_sec",
        "peak_tx_bytes_per_sec", "peak_rx_bytes_per_sec", "sockets",
    ];

    private static readonly char[] CharactersNeedingQuotes = [',', '"', '\r', '\n'];

    public void Render(ProcessReport report, TextWriter output)
    {
        output.WriteLine(string.Join(',', Header));
        foreach (var row in report.Rows)
        {
            string[] fields =
            [
                Number(row.Pid), Quoted(row.Name), Number(row.TxBytes), Number(row.RxBytes),
                Number(row.AvgTxBytesPerSec), Number(row.AvgRxBytesPerSec),
                Number(row.PeakTxBytesPerSec), Number(row.PeakRxBytesPerSec), Number(row.Sockets),
            ];
            output.WriteLine(string.Join(',', fields));
        }
    }

    /// <summary>Shortest text that reads back as the same value; empty for a missing value.</summary>
    private static string Number<T>(T? value) where T : struct, IFormattable =>
        value?.ToString(null, CultureInfo.InvariantCulture) ?? "";

    private static string Number<T>(T value) where T : struct, IFormattable =>
        value.ToString(null, CultureInfo.InvariantCulture);

    private static string Quoted(string field) =>
        field.IndexOfAny(CharactersNeedingQuotes) < 0 ? field : $"\"{field.Replace("\"", "\"\"")}\"";
}
