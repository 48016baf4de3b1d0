namespace ProcNetMon2.Record;

/// <summary>Recording cannot start or go on; the message is one line fit for the user.</summary>
public sealed class RecordException(string message, Exception? inner = null) : Exception(message, inner);
