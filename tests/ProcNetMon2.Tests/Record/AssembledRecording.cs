using ProcNetMon2.Record;
using ProcNetMon2.Schema.Sqlite;

namespace ProcNetMon2.Tests.Record;

/// <summary>Runs a RecordingAssembler into a real SQLite recording, as the recorder's writer thread does, and opens the result.</summary>
internal static class AssembledRecording
{
    public static IRecordingSource Of(TemporaryDirectory directory, Func<int, ProcfsProcess> readProcfs, Action<RecordingAssembler> feed)
    {
        string path = directory.File($"{Guid.NewGuid():N}.db");
        using (var sink = SqliteRecordingWriter.Create(path))
        {
            sink.Begin(new TestRecording().Info);
            var assembler = new RecordingAssembler(sink, readProcfs, _ => "root");
            feed(assembler);
            assembler.Flush();
            sink.Finish(10_000);
        }
        return RecordingFile.Open(path);
    }
}
