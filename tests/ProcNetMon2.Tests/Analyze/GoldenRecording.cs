using ProcNetMon2.Analyze;
using ProcNetMon2.Tests.Schema;

namespace ProcNetMon2.Tests.Analyze;

/// <summary>The small fixed recording the golden outputs are rendered from.</summary>
internal static class GoldenRecording
{
    public const string PathShownInReports = "fixtures/golden.db";

    public static TestRecording Create() => new TestRecording().StoppedAt(4).WithFilters("--port 443")
        .Process(1, 1200, "curl")
        .Process(2, 880, "sshd")
        .Process(3, 4321, "my,app \"v2\"")
        .Process(4, 15, "[kworker/0:1]")
        .Tx(0.1, 2, socketId: 11, bytes: 2048)
        .Tx(0.2, 1, socketId: 10, bytes: 517)
        .Rx(0.5, 1, socketId: 10, bytes: 1_572_864)
        .Tx(1.0, 2, socketId: 12, bytes: 1000)
        .Rx(1.2, 1, socketId: 10, bytes: 524_288)
        .Tx(2.0, 3, socketId: 13, bytes: 100)
        .Rx(2.0, 3, socketId: 13, bytes: 50)
        .Tx(2.5, 99, socketId: 14, bytes: 7)
        .Rx(3.5, 4, socketId: 15, bytes: 10)
        .Rx(3.999999999, 2, socketId: 11, bytes: 300)
        .Loss(1, 3);

    /// <summary>The report with a path that does not depend on where the test wrote the file.</summary>
    public static ProcessReport Report(TemporaryDirectory directory)
    {
        using var source = Create().Open(directory);
        var report = ProcessReportBuilder.Build(source);
        return report with { Summary = report.Summary with { Path = PathShownInReports } };
    }
}
