using System.Diagnostics;
using ProcNetMon2.Fuzz;

// pnm-fuzz: the recording readers under fuzzing (docs/security.md).
//   pnm-fuzz seeds DIR                        write the seed corpus: DIR/<target>/…
//   pnm-fuzz mutate TARGET SEEDS N [SEED]     N deterministic mutations of the seeds; findings go to ./findings-TARGET
//   pnm-fuzz afl TARGET                       one input from afl-fuzz at a time (SharpFuzz, persistent)
//   pnm-fuzz replay TARGET FILE...            read each file as TARGET; exit 1 if any is a finding
string usage = $"usage: pnm-fuzz seeds DIR | mutate TARGET SEEDS N [SEED] | afl TARGET | replay TARGET FILE...; targets: {string.Join(", ", FuzzTargets.Names)}";
if (args.Length < 2 || (args[0] != "seeds" && !FuzzTargets.Names.Contains(args[1])))
{
    Console.Error.WriteLine(usage);
    return 2;
}
string scratch = Directory.CreateTempSubdirectory("pnm-fuzz-").FullName;
try
{
    var targets = new FuzzTargets(scratch);
    switch (args[0])
    {
        case "seeds":
            SeedRecording.WriteCorpus(args[1]);
            return 0;
        case "mutate" when args.Length >= 4:
            var seeds = Directory.GetFiles(Path.Combine(args[2], args[1])).Order().Select(File.ReadAllBytes).ToList();
            var clock = Stopwatch.StartNew();
            var (executions, findings) = new MutationFuzzer(targets, args[1], seeds, args.Length > 4 ? int.Parse(args[4]) : 1)
                .Run(long.Parse(args[3]));
            Console.WriteLine($"{args[1]}: {executions} executions in {clock.Elapsed.TotalSeconds:0.0} s, {findings.Count} findings");
            for (int i = 0; i < findings.Count; i++)
            {
                Directory.CreateDirectory($"findings-{args[1]}");
                File.WriteAllBytes(Path.Combine($"findings-{args[1]}", $"finding-{i}"), findings[i].Input);
                Console.WriteLine($"  finding-{i}: {findings[i].What}");
            }
            return findings.Count == 0 ? 0 : 1;
        case "afl":
            SharpFuzz.Fuzzer.Run(stream =>
            {
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                targets.Run(args[1], buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            });
            return 0;
        case "replay":
            int failed = 0;
            foreach (string file in args[2..])
            {
                try
                {
                    targets.Run(args[1], File.ReadAllBytes(file));
                    Console.WriteLine($"{file}: ok");
                }
                catch (Exception e)
                {
                    failed++;
                    Console.WriteLine($"{file}: {e}");
                }
            }
            return failed == 0 ? 0 : 1;
        default:
            Console.Error.WriteLine(usage);
            return 2;
    }
}
finally
{
    Directory.Delete(scratch, recursive: true);
}
