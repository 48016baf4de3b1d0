using System.CommandLine;
using System.Globalization;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Cli.Commands;

public sealed record CheckArgs(string Path);

/// <summary>pnm check: verifies every checksum of a recording and says what, if anything, is damaged.</summary>
public static class CheckCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var path = new Argument<string>("recording") { Description = "A recording made by pnm record (.pnm or .db)" };
        var command = new Command("check", "Verify a recording's checksums; exit 0 when intact, 1 when damaged") { path };
        command.SetAction(parse => Run(new CheckArgs(parse.GetValue(path)!), output, error));
        return command;
    }

    public static int Run(CheckArgs args, TextWriter output, TextWriter error)
    {
        RecordingCheckResult result;
        try
        {
            using (TerminalProgress.For(error, "check"))
                result = RecordingCheck.Run(args.Path);
        }
        catch (RecordingException e)
        {
            error.WriteLine($"pnm: {e.Message}");
            return (int)ReturnCode.Failed;
        }

        var info = result.Info;
        string layout = result.Format == "segments" ? $"segments: {result.Segments} segment files, {result.Blocks} event blocks" : result.Format;
        output.WriteLine($"Recording: {args.Path} ({layout})");
        output.WriteLine($"Events:    {result.Events.ToString("N0", CultureInfo.InvariantCulture)}");
        if (result.SummarizedCalls > 0)
            output.WriteLine($"Summarized calls: {result.SummarizedCalls.ToString("N0", CultureInfo.InvariantCulture)} (summed in the kernel: exact bytes, one-second timing)");
        output.WriteLine(result.FirstEventNs is { } first && result.LastEventNs is { } last
            ? $"Events from {Wall(info, first)} to {Wall(info, last)} ({(last - first) / 1e9:0.###} s)"
            : "Events from -");
        output.WriteLine($"Stopped:   {(info.StoppedNs is { } stopped ? $"cleanly at {Wall(info, stopped)}" : "not cleanly (recorder killed, out of disk, or still running)")}");
        if (result.Clean)
        {
            output.WriteLine("Damage:    none: every checksum matches");
            return (int)ReturnCode.Success;
        }
        output.WriteLine($"Damage:    {result.Problems.Count} damaged or skipped part(s):");
        foreach (string problem in result.Problems)
            output.WriteLine($"  {problem}");
        error.WriteLine($"pnm: {args.Path} is damaged: {result.Problems.Count} part(s) skipped");
        return (int)ReturnCode.Failed;
    }

    private static string Wall(RecordingInfo info, long monotonicNs) =>
        info.ToWallClock(monotonicNs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
