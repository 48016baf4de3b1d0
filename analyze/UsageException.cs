namespace ProcNetMon2.Analyze;

/// <summary>
/// The user asked for something invalid (pnm exits 2 with the message as one line). Only for that: a programming
/// error must never be mistaken for a usage error, so it is a type of its own and not an <see cref="ArgumentException"/>.
/// </summary>
public sealed class UsageException(string message) : Exception(message);
