using ProcNetMon2.Cli;

return await PnmCli.RunAsync(args, Console.Out, Console.Error);
