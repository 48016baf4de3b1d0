using ProcNetMon2.Analyze;
using ProcNetMon2.Cli;
using ProcNetMon2.Cli.Commands;

// A one-off report's hot code compiles on the spare core while the command line is parsed and the recording opened.
if (AnalysisCommands.Runs(args))
    AnalysisWarmUp.Start();
return await PnmCli.RunAsync(args, Console.Out, Console.Error);
