namespace ProcNetMon2.Schema;

/// <summary>A recording that cannot be read or written; the message is one line fit for the user.</summary>
public sealed class RecordingException(string message, Exception? inner = null) : Exception(message, inner);
