using Microsoft.Data.Sqlite;
using ProcNetMon2.Tests.Analyze;

namespace ProcNetMon2.Tests.Schema;

/// <summary>The events scan steps and reads rows straight through SQLite's C API: a row that is not an event still stops it with one line.</summary>
public sealed class SqliteEventScanTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    [Theory]
    [InlineData("direction", "7")]
    [InlineData("bytes", "'many'")]
    [InlineData("ts_ns", "1.5")]
    [InlineData("socket_id", "'a socket'")]
    [InlineData("tid", "x'00'")]
    public async Task An_event_row_that_is_not_an_event_is_corruption_in_one_line(string column, string value)
    {
        string db = GoldenRecording.Create().WriteTo(directory.File("golden.db"));
        using (var connection = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            connection.Open();
            using var update = connection.CreateCommand();
            update.CommandText = $"UPDATE events SET {column} = {value} WHERE rowid = (SELECT max(rowid) FROM events)";
            Assert.Equal(1, update.ExecuteNonQuery());
        }

        var run = await PnmRun.Of("report", db);

        Assert.NotEqual(0, run.Code);
        Assert.Equal($"pnm: {db} is corrupt: an event row holds values that are not an event\n", run.Error);
    }

    [Fact]
    public void A_scan_reads_every_column_of_every_row()
    {
        var recording = new TestRecording().Process(1, 100, "a");
        var written = Enumerable.Range(0, 10_000)
            .Select(i => new IoEvent(TestRecording.At(i * 0.001), 1 + i % 3, 50_000 + i, 1 + i % 7, (Direction)(i % 2), (long)i * 100_003))
            .ToList();
        written.ForEach(e => recording.Event(e));

        using var source = recording.Open(directory);

        Assert.Equal(written, source.ReadEvents().ToList());
    }

    public void Dispose() => directory.Dispose();
}
