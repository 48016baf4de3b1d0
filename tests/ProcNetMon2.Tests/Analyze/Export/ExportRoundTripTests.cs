using ProcNetMon2.Analyze.Export;
using ProcNetMon2.Schema.Segments;
using ProcNetMon2.Tests.Segments;

namespace ProcNetMon2.Tests.Analyze.Export;

/// <summary>Each format written and read back, every row compared with the recording's events, processes and sockets.</summary>
public sealed class ExportRoundTripTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    public static TheoryData<int> Seeds => new(Enumerable.Range(200, 8));

    [Fact]
    public async Task Parquet_holds_every_event_of_the_export_recording()
    {
        var recording = ExportRecording.Create();
        using var source = recording.Open(directory);
        string path = await Export(source, new ParquetEventExporter(), "events.parquet");

        var expected = ExportedRow.Of(source, source.ReadProcesses(), source.ReadSockets()).Select(r => r.WithMicrosecondTime());
        ExportedRow.AssertEqual(ExportedRow.InParquetOrder(expected, ParquetEventExporter.DefaultRowsPerGroup), await ExportReaders.ReadParquetAsync(path));
    }

    [Fact]
    public async Task Parquet_keeps_the_recording_span_in_its_metadata()
    {
        using var source = ExportRecording.Create().Open(directory);
        string path = await Export(source, new ParquetEventExporter(), "events.parquet");

        await using var reader = await Parquet.ParquetReader.CreateAsync(path);
        Assert.Equal("5000000000000", reader.CustomMetadata["pnm.started_ns"]);
        Assert.Equal("5004000000000", reader.CustomMetadata["pnm.stopped_ns"]);
        Assert.Equal((1_735_689_600_000_000_000 - 5_000_000_000_000).ToString(), reader.CustomMetadata["pnm.monotonic_to_wall_ns"]);
        Assert.Equal("test-host", reader.CustomMetadata["pnm.host"]);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Parquet_round_trips_odd_values_across_row_groups(int seed)
    {
        var (recording, source) = OpenRandom(seed);
        using (source)
        {
            string path = await Export(source, new ParquetEventExporter(rowsPerGroup: 700), "events.parquet");

            var expected = ExportedRow.Of(source, recording.Processes, recording.Sockets).Select(r => r.WithMicrosecondTime()).ToList();
            ExportedRow.AssertEqual(ExportedRow.InParquetOrder(expected, 700), await ExportReaders.ReadParquetAsync(path));
            await using var reader = await Parquet.ParquetReader.CreateAsync(path);
            Assert.Equal((expected.Count + 699) / 700, reader.RowGroupCount);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Csv_round_trips_odd_values(int seed)
    {
        var (recording, source) = OpenRandom(seed);
        using (source)
        {
            string path = await Export(source, new CsvEventExporter(), "events.csv");

            ExportedRow.AssertEqual(ExportedRow.Of(source, recording.Processes, recording.Sockets), ExportReaders.ReadCsv(path));
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Json_lines_round_trip_odd_values(int seed)
    {
        var (recording, source) = OpenRandom(seed);
        using (source)
        {
            string path = await Export(source, new JsonLinesEventExporter(), "events.jsonl");

            var expected = ExportedRow.Of(source, recording.Processes, recording.Sockets);
            ExportedRow.AssertEqual(expected, expected.Count == 0 ? [] : ExportReaders.ReadJsonLines(path));
        }
    }

    [Fact]
    public async Task An_empty_recording_exports_a_header_or_nothing()
    {
        using var source = new TestRecording().Open(directory);

        Assert.Empty(await ExportReaders.ReadParquetAsync(await Export(source, new ParquetEventExporter(), "empty.parquet")));
        Assert.Empty(ExportReaders.ReadCsv(await Export(source, new CsvEventExporter(), "empty.csv")));
        Assert.Equal(0, new FileInfo(await Export(source, new JsonLinesEventExporter(), "empty.jsonl")).Length);
    }

    [Theory]
    [InlineData(ExportFormat.Parquet)]
    [InlineData(ExportFormat.Csv)]
    [InlineData(ExportFormat.Json)]
    public async Task A_cancelled_export_stops(ExportFormat format)
    {
        var recording = new TestRecording().Process(1, 1200, "curl");
        for (int i = 0; i < 70_000; i++) // cancellation is checked every 65,536 events
            recording.Tx(i * 0.00001, 1, socketId: 1, bytes: 1);
        using var source = recording.Open(directory);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ExportFormats.CreateExporter(format).ExportAsync(source, Stream.Null, cancelled.Token));
    }

    [Fact]
    public async Task A_failed_parquet_write_is_reported_not_hidden()
    {
        var recording = new TestRecording().Process(1, 1200, "curl");
        for (int i = 0; i < 5_000; i++)
            recording.Tx(i * 0.001, 1, socketId: 1 + i % 3, bytes: 1);
        using var source = recording.Open(directory);
        // Row groups of 100 go through both threads; the write of the file fails after the first few.
        var full = new FailingStream(failAfterBytes: 20_000);

        var failure = await Assert.ThrowsAsync<IOException>(() => new ParquetEventExporter(rowsPerGroup: 100).ExportAsync(source, full));

        Assert.Equal("No space left on device", failure.Message);
    }

    /// <summary>Accepts writes until it has taken <paramref name="failAfterBytes"/>, then fails every write as a full disk does.</summary>
    private sealed class FailingStream(int failAfterBytes) : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count)
        {
            if (Length + count > failAfterBytes)
                throw new IOException("No space left on device");
            base.Write(buffer, offset, count);
        }

        // MemoryStream's other writes do not go through the one above: route them there.
        public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer, offset, count);
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void WriteByte(byte value) => Write([value], 0, 1);
    }

    /// <summary>A random recording (odd strings, missing fields, extreme numbers, equal timestamps) as segments.</summary>
    private (RandomRecording Recording, IRecordingSource Source) OpenRandom(int seed)
    {
        var recording = new RandomRecording(seed, maxEvents: 2_500);
        string path = directory.File($"random-{seed}.pnm");
        using (var writer = SegmentRecordingWriter.Create(path))
            recording.WriteTo(writer);
        return (recording, RecordingFile.Open(path));
    }

    private async Task<string> Export(IRecordingSource source, IEventExporter exporter, string name)
    {
        string path = directory.File(name);
        await using (var stream = File.Create(path))
            await exporter.ExportAsync(source, stream);
        return path;
    }

    public void Dispose() => directory.Dispose();
}
