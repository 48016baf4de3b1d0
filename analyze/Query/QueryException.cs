namespace ProcNetMon2.Analyze.Query;

/// <summary>A query that cannot run: refused, not valid SQL, or failed; the message is one line fit for the user.</summary>
public sealed class QueryException(string message, Exception? inner = null) : Exception(message, inner);
