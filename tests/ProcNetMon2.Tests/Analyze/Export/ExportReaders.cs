using System.Globalization;
using System.Text;
using System.Text.Json;
using Parquet;
using Parquet.Schema;

namespace ProcNetMon2.Tests.Analyze.Export;

/// <summary>Reads an export back into rows: Parquet through Parquet.Net's reader, CSV by RFC 4180, JSON Lines by System.Text.Json.</summary>
internal static class ExportReaders
{
    public static async Task<List<ExportedRow>> ReadParquetAsync(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        var fields = reader.Schema.DataFields.ToDictionary(f => f.Name);
        var rows = new List<ExportedRow>();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int n = checked((int)group.RowCount);
            async Task<T[]> Values<T>(string name) where T : struct
            {
                var values = new T[n];
                await group.ReadAsync(fields[name], values.AsMemory());
                return values;
            }
            async Task<T?[]> Nullables<T>(string name) where T : struct
            {
                var values = new T?[n];
                await group.ReadAsync(fields[name], values.AsMemory());
                return values;
            }
            async Task<string?[]> Strings(string name)
            {
                var values = new string?[n];
                await group.ReadAsync(fields[name], values.AsMemory());
                return values;
            }
            var tsNs = await Values<long>("ts_ns");
            var time = await Values<DateTime>("time");
            var pid = await Nullables<int>("pid");
            var tid = await Values<int>("tid");
            var comm = await Strings("comm");
            var exe = await Strings("exe");
            var uid = await Nullables<int>("uid");
            var user = await Strings("user");
            var container = await Strings("container");
            var processId = await Values<long>("process_id");
            var socketId = await Values<long>("socket_id");
            var direction = await Strings("direction");
            var bytes = await Values<long>("bytes");
            var calls = await Values<long>("calls");
            var protocol = await Strings("protocol");
            var localAddr = await Strings("local_addr");
            var localPort = await Nullables<int>("local_port");
            var remoteAddr = await Strings("remote_addr");
            var remotePort = await Nullables<int>("remote_port");
            var app = await Strings("app");
            for (int i = 0; i < n; i++)
                rows.Add(new ExportedRow(tsNs[i], time[i], pid[i], tid[i], comm[i], exe[i], uid[i], user[i], container[i], processId[i], socketId[i],
                    direction[i]!, bytes[i], calls[i], protocol[i], localAddr[i], localPort[i], remoteAddr[i], remotePort[i], app[i]));
        }
        return rows;
    }

    public static List<ExportedRow> ReadCsv(string path)
    {
        var records = ParseCsv(File.ReadAllText(path, Encoding.UTF8));
        Assert.Equal(ExportColumns, records[0].Select(f => f.Text));
        return records.Skip(1).Select(r =>
        {
            Assert.Equal(ExportColumns.Count, r.Count);
            string? Text(int i) => r[i].Quoted || r[i].Text.Length > 0 ? r[i].Text : null;
            return new ExportedRow(long.Parse(r[0].Text, CultureInfo.InvariantCulture), Time(r[1].Text), Int(Text(2)), int.Parse(r[3].Text, CultureInfo.InvariantCulture),
                Text(4), Text(5), Int(Text(6)), Text(7), Text(8), long.Parse(r[9].Text, CultureInfo.InvariantCulture), long.Parse(r[10].Text, CultureInfo.InvariantCulture),
                r[11].Text, long.Parse(r[12].Text, CultureInfo.InvariantCulture), long.Parse(r[13].Text, CultureInfo.InvariantCulture),
                Text(14), Text(15), Int(Text(16)), Text(17), Int(Text(18)), Text(19));
        }).ToList();
    }

    public static List<ExportedRow> ReadJsonLines(string path)
    {
        var text = File.ReadAllText(path, Encoding.UTF8);
        Assert.EndsWith("\n", text);
        return text[..^1].Split('\n').Select(line =>
        {
            using var document = JsonDocument.Parse(line);
            var o = document.RootElement;
            Assert.Equal(ExportColumns, o.EnumerateObject().Select(p => p.Name));
            string? Text(string name) => o.GetProperty(name).ValueKind == JsonValueKind.Null ? null : o.GetProperty(name).GetString();
            int? Int(string name) => o.GetProperty(name).ValueKind == JsonValueKind.Null ? null : o.GetProperty(name).GetInt32();
            return new ExportedRow(o.GetProperty("ts_ns").GetInt64(), Time(Text("time")!), Int("pid"), o.GetProperty("tid").GetInt32(),
                Text("comm"), Text("exe"), Int("uid"), Text("user"), Text("container"), o.GetProperty("process_id").GetInt64(), o.GetProperty("socket_id").GetInt64(),
                Text("direction")!, o.GetProperty("bytes").GetInt64(), o.GetProperty("calls").GetInt64(), Text("protocol"), Text("local_addr"), Int("local_port"),
                Text("remote_addr"), Int("remote_port"), Text("app"));
        }).ToList();
    }

    public static IReadOnlyList<string> ExportColumns { get; } =
    [
        "ts_ns", "time", "pid", "tid", "comm", "exe", "uid", "user", "container", "process_id", "socket_id",
        "direction", "bytes", "calls", "protocol", "local_addr", "local_port", "remote_addr", "remote_port", "app",
    ];

    /// <summary>ISO-8601 UTC with a Z and seven fraction digits, nothing else.</summary>
    private static DateTime Time(string text) =>
        DateTime.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static int? Int(string? text) => text is null ? null : int.Parse(text, CultureInfo.InvariantCulture);

    private readonly record struct Field(string Text, bool Quoted);

    /// <summary>RFC 4180 with \n line ends: quoted fields may hold commas, quotes (doubled) and line breaks.</summary>
    private static List<List<Field>> ParseCsv(string text)
    {
        var records = new List<List<Field>>();
        var record = new List<Field>();
        var field = new StringBuilder();
        bool quoted = false;
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i++];
            if (c == '"' && field.Length == 0 && !quoted)
            {
                quoted = true;
                while (true)
                {
                    char q = text[i++];
                    if (q == '"' && i < text.Length && text[i] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else if (q == '"')
                        break;
                    else
                        field.Append(q);
                }
            }
            else if (c == ',' || c == '\n')
            {
                record.Add(new Field(field.ToString(), quoted));
                field.Clear();
                quoted = false;
                if (c == '\n')
                {
                    records.Add(record);
                    record = [];
                }
            }
            else
            {
                Assert.False(quoted, "text after a closing quote");
                Assert.NotEqual('"', c);
                field.Append(c);
            }
        }
        Assert.True(record.Count == 0 && field.Length == 0, "the last line has no line end");
        return records;
    }
}
