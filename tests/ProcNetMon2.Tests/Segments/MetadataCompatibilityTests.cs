using ProcNetMon2.Schema.Segments;

namespace ProcNetMon2.Tests.Segments;

/// <summary>Process records as older and newer writers leave them: fields come and go without breaking readers.</summary>
public sealed class MetadataCompatibilityTests
{
    private const byte ProcessType = 2, RecorderStatsType = 7;

    [Fact]
    public void A_process_written_before_user_names_were_stored_reads_with_none()
    {
        var buffer = new ByteBuffer();
        var fields = new MetadataFieldWriter(buffer, ProcessType);
        WriteRequiredProcessFields(fields);
        fields.Signed(7, 1000);
        fields.End();

        var process = ReadSingleProcess(buffer);

        Assert.Equal(1000, process.Uid);
        Assert.Null(process.UserName);
    }

    [Fact]
    public void Fields_of_a_later_version_are_skipped_and_the_known_ones_still_read()
    {
        var buffer = new ByteBuffer();
        var fields = new MetadataFieldWriter(buffer, ProcessType);
        WriteRequiredProcessFields(fields);
        fields.Text(17, "alice");
        fields.Text(40, "a text field this reader does not know");
        fields.Signed(41, -5);
        fields.End();

        var process = ReadSingleProcess(buffer);

        Assert.Equal(new ProcessRecord { ProcessId = 3, Pid = 4242, Comm = "curl", FirstSeenNs = 77, UserName = "alice" }, process);
    }

    [Fact]
    public void A_record_type_of_a_later_version_is_skipped_whole_and_the_records_around_it_still_read()
    {
        var buffer = new ByteBuffer();
        var unknown = new MetadataFieldWriter(buffer, 200);
        unknown.Signed(1, 12345);
        unknown.Text(2, "a record this reader does not know");
        unknown.End();
        var fields = new MetadataFieldWriter(buffer, ProcessType);
        WriteRequiredProcessFields(fields);
        fields.End();
        MetadataCodec.Write(new SummarizedIoRecord
        {
            WindowStartNs = 1, WindowEndNs = 2, ProcessId = 3, Tid = 4242, SocketId = 5, Direction = Direction.Tx, Bytes = 640, Calls = 10,
        }, buffer);

        var metadata = new RecordingMetadata();
        MetadataCodec.Read(buffer.Written, expectedRecords: 3, metadata);

        Assert.Equal(4242, metadata.Processes.Single().Pid);
        Assert.Equal(10, metadata.SummarizedIo.Single().Calls);
    }

    [Fact]
    public void Summarized_io_with_a_direction_that_is_neither_tx_nor_rx_is_refused()
    {
        var buffer = new ByteBuffer();
        MetadataCodec.Write(new SummarizedIoRecord
        {
            WindowStartNs = 1, WindowEndNs = 2, ProcessId = 3, Tid = 4, SocketId = 5, Direction = (Direction)3, Bytes = 6, Calls = 7,
        }, buffer);

        var error = Assert.Throws<SegmentFormatException>(() => MetadataCodec.Read(buffer.Written, expectedRecords: 1, new RecordingMetadata()));

        Assert.Equal("direction 3 is neither tx nor rx", error.Message);
    }

    [Fact]
    public void Recorder_stats_written_before_flow_losses_were_kept_read_with_none()
    {
        var buffer = new ByteBuffer();
        var fields = new MetadataFieldWriter(buffer, RecorderStatsType);
        for (int number = 1; number <= 7; number++)
            fields.Signed(number, number * 10);
        fields.End();

        var metadata = new RecordingMetadata();
        MetadataCodec.Read(buffer.Written, expectedRecords: 1, metadata);

        var stats = Assert.Single(metadata.RecorderStats);
        Assert.Equal((70L, 0L), (stats.EventsFiltered, stats.FlowUpdatesLost));
    }

    [Fact]
    public void Tcp_incidents_round_trip_in_the_order_of_their_time()
    {
        TcpIncidentRecord[] incidents = [new(500, 3, TcpIncident.Retransmit), new(100, 0, TcpIncident.ResetReceived), new(500, 7, TcpIncident.ResetSent)];
        var buffer = new ByteBuffer();
        foreach (var incident in incidents)
            MetadataCodec.Write(incident, buffer);

        var metadata = new RecordingMetadata();
        MetadataCodec.Read(buffer.Written, expectedRecords: 3, metadata);

        Assert.Equal([incidents[1], incidents[0], incidents[2]], metadata.TcpIncidents);
    }

    private static void WriteRequiredProcessFields(MetadataFieldWriter fields)
    {
        fields.Signed(1, 3);
        fields.Signed(2, 4242);
        fields.Text(4, "curl");
        fields.Signed(8, 77);
    }

    private static ProcessRecord ReadSingleProcess(ByteBuffer buffer)
    {
        var metadata = new RecordingMetadata();
        MetadataCodec.Read(buffer.Written, expectedRecords: 1, metadata);
        return metadata.Processes.Single();
    }
}
