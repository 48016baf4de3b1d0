using System.Reflection;
using ProcNetMon2.Schema.Segments;

namespace ProcNetMon2.Tests.Segments;

/// <summary>
/// Every property of the recording model survives the segment metadata codec: a field added to
/// RecordingInfo, ProcessRecord, SocketRecord, RecorderStatsRecord or SummarizedIoRecord without a field number here fails this test.
/// </summary>
public sealed class MetadataCodecCoverageTests
{
    [Fact]
    public void Every_recording_info_property_round_trips() =>
        AssertRoundTrips(Filled<RecordingInfo>(), (value, buffer) => MetadataCodec.Write(value, buffer), metadata => metadata.Info);

    [Fact]
    public void Every_process_property_round_trips() =>
        AssertRoundTrips(Filled<ProcessRecord>(), (value, buffer) => MetadataCodec.Write(value, buffer), metadata => metadata.Processes.Single());

    [Fact]
    public void Every_socket_property_round_trips() =>
        AssertRoundTrips(Filled<SocketRecord>(), (value, buffer) => MetadataCodec.Write(value, buffer), metadata => metadata.Sockets.Single());

    [Fact]
    public void Every_recorder_stats_property_round_trips() =>
        AssertRoundTrips(Filled<RecorderStatsRecord>(), (value, buffer) => MetadataCodec.Write(value, buffer), metadata => metadata.RecorderStats.Single());

    [Fact]
    public void Every_summarized_io_property_round_trips() =>
        AssertRoundTrips(Filled<SummarizedIoRecord>(), (value, buffer) => MetadataCodec.Write(value, buffer), metadata => metadata.SummarizedIo.Single());

    private static void AssertRoundTrips<T>(T value, Action<T, ByteBuffer> write, Func<RecordingMetadata, T?> read)
    {
        var buffer = new ByteBuffer();
        write(value, buffer);
        var metadata = new RecordingMetadata();

        MetadataCodec.Read(buffer.Written, expectedRecords: 1, metadata);

        Assert.Equal(value, read(metadata));
    }

    /// <summary>An instance with every settable property set to a distinct non-default value.</summary>
    private static T Filled<T>()
    {
        var instance = (T)Activator.CreateInstance(typeof(T))!;
        int seed = 1;
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            object filled = type == typeof(string) ? $"text {seed}"
                : type == typeof(long) ? (object)(1_000_000_000_000L + seed)
                : type == typeof(int) ? (object)(1_000 + seed)
                : type == typeof(double) ? (object)(seed + 0.1)
                : type == typeof(Direction) ? Direction.Rx
                : throw new InvalidOperationException($"{typeof(T).Name}.{property.Name}: teach this test the type {type.Name}");
            property.SetValue(instance, filled);
            seed++;
        }
        return instance;
    }
}
