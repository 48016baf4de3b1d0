namespace ProcNetMon2.Analyze.Query;

/// <summary>
/// The columns of a query and its rows, streamed. A value is a long, a double, a string, a byte[] (a
/// BLOB) or null, as SQLite stores it.
/// </summary>
public sealed record QueryResult(IReadOnlyList<string> Columns, IEnumerable<object?[]> Rows);
