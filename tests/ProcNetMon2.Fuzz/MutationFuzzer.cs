using System.Diagnostics;

namespace ProcNetMon2.Fuzz;

/// <summary>What a mutation run found: an input whose reading threw something other than a one-line refusal, or ran too long.</summary>
internal sealed record Finding(byte[] Input, string What);

/// <summary>
/// A deterministic mutation loop over the seed corpus, for the tests: no coverage feedback (afl-fuzz
/// has that), but the same inputs for the same seed, and fast. Mutations are the ones that break
/// binary formats: bit flips, boundary integers at any offset, cut, repeated and spliced chunks.
/// </summary>
internal sealed class MutationFuzzer(FuzzTargets targets, string target, IReadOnlyList<byte[]> seeds, int randomSeed)
{
    /// <summary>An input that takes longer than this counts as a hang.</summary>
    public static readonly TimeSpan SlowInput = TimeSpan.FromSeconds(5);

    private static readonly long[] Boundaries = [0, 1, -1, 0x7f, 0x80, 0xff, 0x7fff, 0xffff, int.MaxValue, int.MinValue, uint.MaxValue, long.MaxValue, long.MinValue];
    private readonly Random random = new(randomSeed);

    public (long Executions, List<Finding> Findings) Run(long executions, TimeSpan? budget = null)
    {
        var findings = new List<Finding>();
        var clock = Stopwatch.StartNew();
        long done = 0;
        for (; done < executions && (budget is not { } b || clock.Elapsed < b); done++)
        {
            byte[] input = Mutate(seeds[random.Next(seeds.Count)]);
            var one = Stopwatch.StartNew();
            try
            {
                targets.Run(target, input);
            }
            catch (Exception e)
            {
                findings.Add(new Finding(input, $"{e.GetType().Name}: {e.Message.Split('\n')[0]} at {e.StackTrace?.Split('\n')[0].Trim()}"));
            }
            if (one.Elapsed > SlowInput)
                findings.Add(new Finding(input, $"slow: {one.Elapsed.TotalSeconds:0.0} s"));
        }
        return (done, findings);
    }

    private byte[] Mutate(byte[] seed)
    {
        var data = new List<byte>(seed);
        int mutations = 1 + random.Next(4);
        for (int i = 0; i < mutations && data.Count > 0; i++)
        {
            int at = random.Next(data.Count);
            switch (random.Next(6))
            {
                case 0:
                    data[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    data[at] = (byte)random.Next(256);
                    break;
                case 2:
                    long value = Boundaries[random.Next(Boundaries.Length)];
                    int width = random.Next(2) == 0 ? 4 : 8;
                    for (int k = 0; k < width && at + k < data.Count; k++)
                        data[at + k] = (byte)(value >> (8 * k));
                    break;
                case 3:
                    data.RemoveRange(at, Math.Min(data.Count - at, 1 + random.Next(64)));
                    break;
                case 4:
                    int length = Math.Min(data.Count - at, 1 + random.Next(64));
                    data.InsertRange(random.Next(data.Count), data.GetRange(at, length));
                    break;
                default:
                    var other = seeds[random.Next(seeds.Count)];
                    int from = random.Next(other.Length);
                    int count = Math.Min(other.Length - from, 1 + random.Next(256));
                    for (int k = 0; k < count && at + k < data.Count; k++)
                        data[at + k] = other[from + k];
                    break;
            }
        }
        return [.. data];
    }
}
