namespace ProcNetMon2.Cli;

/// <summary>Whether a writer pnm was given is the process's own console stream and that stream is a terminal.</summary>
public static class ConsoleTerminal
{
    public static bool IsOutput(TextWriter output) => ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;

    public static bool IsError(TextWriter error) => ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
}
