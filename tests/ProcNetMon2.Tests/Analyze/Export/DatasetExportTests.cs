using System.Diagnostics;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using DuckDB.NET.Data;
using ProcNetMon2.Cli;
using ProcNetMon2.Cli.Commands;
using ProcNetMon2.Tests.Cli;

namespace ProcNetMon2.Tests.Analyze.Export;

/// <summary>pnm export --dataset: the layout, the tables as DuckDB reads them, re-export, and a dataset left as it was by any failure.</summary>
public sealed class DatasetExportTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    [Fact]
    public async Task Every_table_is_partitioned_by_host_and_date_and_events_by_hour()
    {
        string dataset = directory.File("fleet");
        await Export(dataset, FleetRecordings.Write(directory));

        var files = Files(dataset).Keys.ToList();
        Assert.All(files, f => Assert.Matches(@"^[a-z_]+/host=[a-z0-9-]+/date=\d{4}-\d\d-\d\d/(hour=\d{1,2}/)?rec-[0-9a-f]{16}\.parquet$", f));
        // db-1 started at 23:59:56.75 on New Year's Eve: its events are in two dates and two hours.
        Assert.Contains(files, f => f.StartsWith("events/host=db-1/date=2024-12-31/hour=23/", StringComparison.Ordinal));
        Assert.Contains(files, f => f.StartsWith("events/host=db-1/date=2025-01-01/hour=0/", StringComparison.Ordinal));
        Assert.Equal(["events", "losses", "packet_flows", "processes", "recordings", "sockets"], files.Select(f => f.Split('/')[0]).Distinct().Order());
        Assert.Equal(3, files.Count(f => f.StartsWith("recordings/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task DuckDB_reads_the_tables_with_hive_partitions_and_utc_timestamps()
    {
        string dataset = directory.File("fleet");
        var recordings = FleetRecordings.Write(directory);
        await Export(dataset, recordings);

        var events = Describe(dataset, "events");
        Assert.Equal("TIMESTAMP WITH TIME ZONE", events["time"]);
        Assert.Equal("VARCHAR", events["recording_id"]);
        Assert.Equal("VARCHAR", events["host"]);
        Assert.Equal("DATE", events["date"]);
        Assert.Equal("BIGINT", events["hour"]);
        Assert.Equal("TIMESTAMP WITH TIME ZONE", Describe(dataset, "processes")["first_seen"]);
        Assert.Equal("TIMESTAMP WITH TIME ZONE", Describe(dataset, "sockets")["close"]);
        Assert.Equal("BIGINT", Describe(dataset, "sockets")["tx_bytes"]);
        Assert.Equal("TIMESTAMP WITH TIME ZONE", Describe(dataset, "recordings")["started"]);

        // Every socket's byte totals are its events' (summarized calls included), and every recording's events are there.
        Assert.Equal(0L, Scalar(dataset, """
            SELECT count(*) FROM (
                SELECT recording_id, socket_id, sum(bytes) FILTER (WHERE direction = 'tx') AS tx FROM read_parquet('{d}/events/**/*.parquet', hive_partitioning = true) GROUP BY ALL) e
            FULL JOIN read_parquet('{d}/sockets/**/*.parquet', hive_partitioning = true) s USING (recording_id, socket_id)
            WHERE coalesce(e.tx, 0) <> s.tx_bytes
            """));
        long expected = recordings.Sum(path =>
        {
            using var source = RecordingFile.Open(path);
            return source.ReadEvents().LongCount() + source.ReadSummarizedIo().Count;
        });
        Assert.Equal(expected, Scalar(dataset, "SELECT sum(events)::BIGINT FROM read_parquet('{d}/recordings/**/*.parquet', hive_partitioning = true)"));
        Assert.Equal(expected, Scalar(dataset, "SELECT count(*) FROM read_parquet('{d}/events/**/*.parquet', hive_partitioning = true)"));
    }

    [Fact]
    public async Task Exporting_a_recording_again_replaces_its_files_and_a_new_one_adds_files()
    {
        string dataset = directory.File("fleet");
        var recordings = FleetRecordings.Write(directory);
        await Export(dataset, recordings);
        var first = Files(dataset);
        long rows = Scalar(dataset, "SELECT count(*) FROM read_parquet('{d}/events/**/*.parquet', hive_partitioning = true)");

        await Export(dataset, recordings[0], recordings[1]);
        await Export(dataset, recordings);

        Assert.Equal(first.Keys, Files(dataset).Keys);
        Assert.Equal(rows, Scalar(dataset, "SELECT count(*) FROM read_parquet('{d}/events/**/*.parquet', hive_partitioning = true)"));
        Assert.Equal(3L, Scalar(dataset, "SELECT count(*) FROM read_parquet('{d}/recordings/**/*.parquet', hive_partitioning = true)"));

        string later = new TestRecording().OnHost("web-1").StartingOnTheWallClockAt(TestRecording.StartedWallClock.AddHours(1))
            .Process(1, 100, "nginx").Tx(1, 1, socketId: 1, bytes: 10).WriteTo(directory.File("web-1-later.db"));
        await Export(dataset, later);

        Assert.Equal(first.Count + 6, Files(dataset).Count);
        Assert.Equal(rows + 1, Scalar(dataset, "SELECT count(*) FROM read_parquet('{d}/events/**/*.parquet', hive_partitioning = true)"));
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task A_terminated_export_leaves_the_dataset_as_it_was()
    {
        string dataset = directory.File("fleet");
        var recordings = FleetRecordings.Write(directory);
        await Export(dataset, recordings);
        var before = Files(dataset, withHidden: true);
        string big = BigRecording.Write(directory.File("big.pnm"));

        var start = new ProcessStartInfo(System.IO.Path.Combine(AppContext.BaseDirectory, "pnm"), ["export", big, "--dataset", dataset])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var pnm = Process.Start(start)!;
        var error = pnm.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (!Directory.EnumerateFiles(dataset, "*.tmp", SearchOption.AllDirectories).Any() && !pnm.HasExited && clock.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(5);
        Assert.False(pnm.HasExited, "pnm finished before it could be stopped");

        var kill = ExternalCommand.Run("kill", ["-TERM", pnm.Id.ToString()]);
        Assert.True(kill.ExitCode == 0, kill.Error);
        await pnm.WaitForExitAsync();

        Assert.Equal($"pnm: interrupted: {big} not added to {dataset}\n", await error);
        Assert.Equal((int)ReturnCode.Aborted, pnm.ExitCode);
        Assert.Equal(before, Files(dataset, withHidden: true));
    }

    [Fact]
    public async Task A_re_export_that_fails_while_its_files_are_renamed_leaves_all_of_the_recording_s_earlier_files()
    {
        string dataset = directory.File("fleet");
        await Export(dataset, FleetRecordings.Write(directory));
        string first = new TestRecording().OnHost("web-9").Process(1, 100, "nginx").Tx(1, 1, socketId: 1, bytes: 10).WriteTo(directory.File("web-9.db"));
        await Export(dataset, first);
        // The same recording grown by an event in the next hour (same id), whose new events file cannot be renamed
        // into place: a folder stands at its name. By then the recording's other files would be replaced.
        string grown = new TestRecording().OnHost("web-9").Process(1, 100, "nginx").Tx(1, 1, socketId: 1, bytes: 10)
            .Tx(3_700, 1, socketId: 1, bytes: 20).Rx(3_700.5, 1, socketId: 1, bytes: 30).WriteTo(directory.File("web-9-grown.db"));
        string id = System.IO.Path.GetFileNameWithoutExtension(Files(dataset).Keys.Single(f => f.StartsWith("recordings/host=web-9/", StringComparison.Ordinal)))["rec-".Length..];
        string blocked = System.IO.Path.Combine(dataset, "events", "host=web-9", "date=2025-01-01", "hour=1", $"rec-{id}.parquet");
        Directory.CreateDirectory(blocked);
        var before = Files(dataset, withHidden: true);

        var run = await PnmRun.Of("export", grown, "--dataset", dataset);

        Assert.Equal(1, run.Code);
        Assert.StartsWith($"pnm: cannot write {dataset}: ", run.Error);
        Assert.Equal(before, Files(dataset, withHidden: true));
    }

    [Fact]
    public async Task Recordings_written_at_once_give_the_files_and_lines_of_one_at_a_time()
    {
        var recordings = FleetRecordings.Write(directory);
        // The first again at the end: the same id, so it waits for the first's commit (the two would share temporary names).
        string[] inputs = [.. recordings, recordings[0]];

        var alone = await ExportWith(parallelism: 1, directory.File("alone"), inputs);
        var together = await ExportWith(parallelism: 3, directory.File("together"), inputs);

        Assert.Equal((0, 4), (alone.Code, alone.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length));
        Assert.Equal(alone with { Error = alone.Error.Replace(directory.File("alone"), "DATASET") }, together with { Error = together.Error.Replace(directory.File("together"), "DATASET") });
        Assert.Equal(Files(directory.File("alone"), withHidden: true), Files(directory.File("together"), withHidden: true));
    }

    [Fact]
    public async Task A_recording_that_fails_beside_others_ends_the_export_with_those_before_it_added_and_none_after()
    {
        var recordings = FleetRecordings.Write(directory);
        string missing = directory.File("missing.db");
        string dataset = directory.File("fleet");

        var run = await ExportWith(parallelism: 3, dataset, recordings[0], missing, recordings[1], recordings[2]);

        var added = await ExportWith(parallelism: 1, directory.File("first"), recordings[0]);
        Assert.Equal((1, added.Error.Replace(directory.File("first"), dataset) + $"pnm: no such recording: {missing}\n"), (run.Code, run.Error));
        Assert.Equal(Files(directory.File("first"), withHidden: true), Files(dataset, withHidden: true));
    }

    [Fact]
    public async Task A_commit_that_fails_while_later_recordings_are_written_leaves_the_dataset_as_it_was()
    {
        string dataset = directory.File("fleet");
        var recordings = FleetRecordings.Write(directory);
        string first = new TestRecording().OnHost("web-9").Process(1, 100, "nginx").Tx(1, 1, socketId: 1, bytes: 10).WriteTo(directory.File("web-9.db"));
        await Export(dataset, first);
        string id = System.IO.Path.GetFileNameWithoutExtension(Files(dataset).Keys.Single(f => f.StartsWith("recordings/", StringComparison.Ordinal)))["rec-".Length..];
        // Its grown copy's new file cannot be renamed into place: a folder stands at its name.
        string grown = new TestRecording().OnHost("web-9").Process(1, 100, "nginx").Tx(1, 1, socketId: 1, bytes: 10)
            .Tx(3_700, 1, socketId: 1, bytes: 20).WriteTo(directory.File("web-9-grown.db"));
        Directory.CreateDirectory(System.IO.Path.Combine(dataset, "events", "host=web-9", "date=2025-01-01", "hour=1", $"rec-{id}.parquet"));
        var before = Files(dataset, withHidden: true);

        var run = await ExportWith(parallelism: 3, dataset, [grown, .. recordings]);

        Assert.Equal(1, run.Code);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"pnm: cannot write {dataset}: ", run.Error);
        Assert.EndsWith($"; {grown} not added\n", run.Error);
        Assert.Equal(before, Files(dataset, withHidden: true));
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task A_killed_export_leaves_the_dataset_as_it_was_and_the_next_export_removes_what_it_left()
    {
        string dataset = directory.File("fleet");
        var recordings = FleetRecordings.Write(directory);
        await Export(dataset, recordings[0], recordings[1]);
        var before = Files(dataset, withHidden: true);
        string big = BigRecording.Write(directory.File("big.pnm"));

        using var pnm = Process.Start(new ProcessStartInfo(System.IO.Path.Combine(AppContext.BaseDirectory, "pnm"), ["export", big, "--dataset", dataset])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var clock = Stopwatch.StartNew();
        while (!Directory.EnumerateFiles(dataset, "*.tmp", SearchOption.AllDirectories).Any() && !pnm.HasExited && clock.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(5);
        Assert.False(pnm.HasExited, "pnm finished before it could be killed");
        pnm.Kill();
        await pnm.WaitForExitAsync();

        // What a reader sees is as it was; the killed export's hidden files and the folders it made for them are left.
        Assert.Equal(Visible(before), Visible(Files(dataset)));
        Assert.NotEmpty(Directory.EnumerateFiles(dataset, ".*.tmp", SearchOption.AllDirectories));
        Assert.NotEqual(before.Keys.Where(f => f.EndsWith('/')), Files(dataset, withHidden: true).Keys.Where(f => f.EndsWith('/')));

        await Export(dataset, recordings[2]);

        // As if the killed export had never run: every file and folder as a clean export of the same recordings leaves them.
        string clean = directory.File("clean");
        await Export(clean, recordings[0], recordings[1]);
        await Export(clean, recordings[2]);
        Assert.Equal(Files(clean, withHidden: true), Files(dataset, withHidden: true));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_next_export_undoes_a_killed_commit_from_its_journal_unless_the_journal_was_cut_short(bool journalComplete)
    {
        string dataset = directory.File("fleet");
        var recordings = FleetRecordings.Write(directory);
        await Export(dataset, recordings[0]);
        // What an export killed while renaming another recording in leaves: its journal (of a process that is gone), a
        // file renamed into place in folders it made. A journal without its last line was cut short before any rename.
        string folder = System.IO.Path.Combine(dataset, "recordings", "host=web-9");
        string renamed = System.IO.Path.Combine(folder, "date=2025-01-01", "rec-0123456789abcdef.parquet");
        string gone = int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllLines(System.IO.Path.Combine(dataset, ".pnm-folders." + gone), [folder, System.IO.Path.GetDirectoryName(renamed)!]);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(renamed)!);
        File.WriteAllText(renamed, "new");
        File.WriteAllLines(System.IO.Path.Combine(dataset, ".pnm-commit." + gone), journalComplete ? [renamed, "end"] : [renamed]);

        await Export(dataset, recordings[2]);

        string clean = directory.File("clean");
        await Export(clean, recordings[0]);
        await Export(clean, recordings[2]);
        var files = Files(dataset, withHidden: true);
        if (!journalComplete)
        {
            Assert.Equal("new", File.ReadAllText(renamed));
            foreach (string kept in files.Keys.Where(f => f.StartsWith("recordings/host=web-9/", StringComparison.Ordinal)).ToList())
                files.Remove(kept);
        }
        Assert.Equal(Files(clean, withHidden: true), files);
    }

    [Fact]
    public async Task A_relative_dataset_folder_is_the_current_directory_s()
    {
        string recording = FleetRecordings.Write(directory)[0];
        // A child process: the current directory is the whole process's, and other tests run beside this one.
        using var pnm = Process.Start(new ProcessStartInfo(System.IO.Path.Combine(AppContext.BaseDirectory, "pnm"), ["export", recording, "--dataset", "fleet"])
        {
            WorkingDirectory = directory.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        string error = await pnm.StandardError.ReadToEndAsync();
        await pnm.WaitForExitAsync();

        Assert.True(pnm.ExitCode == 0, error);
        Assert.Equal(6, Files(directory.File("fleet")).Count);
    }

    [RootFact]
    [SupportedOSPlatform("linux")]
    public async Task A_read_only_target_is_one_line_and_the_dataset_stays_as_it_was()
    {
        var recordings = FleetRecordings.Write(directory);
        await AssertRefusedAndUnchanged("size=4m", recordings[0], mount => mount.Remount("remount,ro"), recordings[1],
            mount => $"pnm: cannot write {mount}: Read-only file system; {recordings[1]} not added\n");
    }

    [RootFact]
    [SupportedOSPlatform("linux")]
    public async Task A_full_target_is_one_line_and_the_dataset_stays_as_it_was()
    {
        string big = BigRecording.Write(directory.File("big.pnm"));
        await AssertRefusedAndUnchanged("size=256k", FleetRecordings.Write(directory)[0], _ => { }, big, mount => $"pnm: disk full while writing {mount}: {big} not added\n");
    }

    /// <summary>A dataset of <paramref name="first"/> on a small tmpfs, made unwritable by <paramref name="spoil"/>: exporting another is one line, exit 1, nothing changed.</summary>
    [SupportedOSPlatform("linux")]
    private static async Task AssertRefusedAndUnchanged(string mountOptions, string first, Action<SmallFileSystem> spoil, string recording, Func<string, string> expectedError)
    {
        RootFactAttribute.Ensure();
        using var mount = SmallFileSystem.Mount(mountOptions);
        await Export(mount.Path, first);
        var before = Files(mount.Path, withHidden: true);
        spoil(mount);

        var run = await PnmRun.Of("export", recording, "--dataset", mount.Path);

        Assert.Equal((1, expectedError(mount.Path)), (run.Code, run.Error));
        Assert.Equal(before, Files(mount.Path, withHidden: true));
    }

    /// <summary>pnm export --dataset with this many recordings written at once.</summary>
    private static async Task<PnmRun> ExportWith(int parallelism, string dataset, params string[] recordings)
    {
        var error = new StringWriter { NewLine = "\n" };
        int code = await ExportCommand.RunDatasetAsync(new DatasetExportArgs(recordings, dataset, parallelism), error);
        return new PnmRun(code, "", error.ToString());
    }

    private static async Task Export(string dataset, params string[] recordings)
    {
        var run = await PnmRun.Of(["export", .. recordings, "--dataset", dataset]);
        Assert.True(run.Code == 0, run.Error);
    }

    /// <summary>Every file and folder under the dataset (relative, '/'-separated) with a hash of its bytes; folders hash to "".</summary>
    private static SortedDictionary<string, string> Files(string dataset, bool withHidden = false)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string entry in Directory.EnumerateFileSystemEntries(dataset, "*", SearchOption.AllDirectories))
        {
            string relative = System.IO.Path.GetRelativePath(dataset, entry).Replace('\\', '/');
            if (Directory.Exists(entry))
            {
                if (withHidden)
                    files.Add(relative + "/", "");
                continue;
            }
            files.Add(relative, Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(entry))));
        }
        return files;
    }

    /// <summary>The files a reader sees: neither folders nor hidden files.</summary>
    private static List<KeyValuePair<string, string>> Visible(SortedDictionary<string, string> files) =>
        files.Where(f => !f.Key.EndsWith('/') && !f.Key.Split('/')[^1].StartsWith('.')).ToList();

    private static Dictionary<string, string> Describe(string dataset, string table)
    {
        using var duckDb = Open();
        using var command = duckDb.CreateCommand();
        command.CommandText = $"DESCRIBE SELECT * FROM read_parquet('{dataset}/{table}/**/*.parquet', hive_partitioning = true)";
        using var reader = command.ExecuteReader();
        var columns = new Dictionary<string, string>();
        while (reader.Read())
            columns.Add(reader.GetString(0), reader.GetString(1));
        return columns;
    }

    private static long Scalar(string dataset, string sql)
    {
        using var duckDb = Open();
        using var command = duckDb.CreateCommand();
        command.CommandText = sql.Replace("{d}", dataset);
        return Convert.ToInt64(command.ExecuteScalar());
    }

    private static DuckDBConnection Open()
    {
        var duckDb = new DuckDBConnection("DataSource=:memory:");
        duckDb.Open();
        return duckDb;
    }

    public void Dispose() => directory.Dispose();
}
