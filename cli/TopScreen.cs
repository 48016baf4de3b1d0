using System.Collections.Concurrent;
using ProcNetMon2.Analyze.Live;

namespace ProcNetMon2.Cli;

/// <summary>pnm top's full-screen view on a terminal.</summary>
internal static class TopScreen
{
    public static void Run(LiveBoard board, BlockingCollection<LiveSnapshot> snapshots, CancellationTokenSource stop)
    {
        foreach (var snapshot in snapshots.GetConsumingEnumerable())
        {
            board.Add(snapshot);
            LivePlainText.Write(board, Console.Out);
        }
    }
}
