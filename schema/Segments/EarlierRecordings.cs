namespace ProcNetMon2.Schema.Segments;

/// <summary>
/// The segment recordings beside a new one in the same directory, which retention may delete with
/// <see cref="SegmentRotation.RetainEarlier"/>. One that cannot be read or deleted (another user's) is left alone.
/// </summary>
internal static class EarlierRecordings
{
    /// <summary>The segments of every other <c>*.pnm</c> recording beside <paramref name="recording"/>, oldest first.</summary>
    public static IEnumerable<(string Path, long Bytes, DateTimeOffset ClosedAt)> Segments(string recording)
    {
        string self = Path.GetFullPath(recording).TrimEnd(Path.DirectorySeparatorChar);
        string parent = Path.GetDirectoryName(self) ?? ".";
        return Directory.EnumerateDirectories(parent, "*" + SegmentFormat.RecordingExtension)
            .Where(other => Path.GetFullPath(other) != self)
            .SelectMany(SegmentFilesOrNone)
            .Select(segment => new FileInfo(segment))
            .Select(segment => (segment.FullName, segment.Length, new DateTimeOffset(segment.LastWriteTimeUtc)))
            .OrderBy(segment => segment.Item3)
            .ToList();
    }

    /// <summary>Deletes a segment of an earlier recording, and that recording once its last segment is gone.</summary>
    public static void Delete(string segment)
    {
        try
        {
            File.Delete(segment);
            string recording = Path.GetDirectoryName(segment)!;
            if (SegmentFormat.SegmentFiles(recording).Count == 0)
                Directory.Delete(recording); // not recursive: a file pnm did not write keeps its directory
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static IReadOnlyList<string> SegmentFilesOrNone(string recording)
    {
        try
        {
            return SegmentFormat.SegmentFiles(recording);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
