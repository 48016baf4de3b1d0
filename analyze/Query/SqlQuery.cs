using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ProcNetMon2.Analyze.Query;

/// <summary>
/// One SQL statement prepared on a recording, refused unless it only reads: a connection opened read-only
/// still lets VACUUM INTO write a new file, and SQLite says which statements write anything.
/// </summary>
public sealed class SqlQuery : IDisposable
{
    private const string Refused = "query refused: the recording is opened read-only";
    private const int SqliteReadOnly = 8;

    private readonly sqlite3 database;
    private readonly sqlite3_stmt statement;

    public IReadOnlyList<string> Columns { get; }

    private SqlQuery(sqlite3 database, sqlite3_stmt statement)
    {
        this.database = database;
        this.statement = statement;
        Columns = Enumerable.Range(0, raw.sqlite3_column_count(statement))
            .Select(i => raw.sqlite3_column_name(statement, i).utf8_to_string()).ToList();
    }

    /// <exception cref="QueryException">Not one valid statement, or one that would write.</exception>
    public static SqlQuery Prepare(SqliteConnection connection, string sql)
    {
        var database = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        if (raw.sqlite3_prepare_v2(database, sql, out sqlite3_stmt statement, out string rest) != raw.SQLITE_OK)
            throw Failure(database);
        try
        {
            if (statement.IsInvalid)
                throw new QueryException("the query holds no SQL statement");
            if (HoldsAStatement(database, rest))
                throw new QueryException("the query holds more than one SQL statement: run each with its own pnm query");
            if (raw.sqlite3_stmt_readonly(statement) == 0)
                throw new QueryException(Refused);
            return new SqlQuery(database, statement);
        }
        catch
        {
            statement.Dispose();
            throw;
        }
    }

    public QueryResult Execute() => new(Columns, Rows());

    private IEnumerable<object?[]> Rows()
    {
        while (true)
        {
            int result = raw.sqlite3_step(statement);
            if (result == raw.SQLITE_DONE)
                yield break;
            if (result != raw.SQLITE_ROW)
                throw Failure(database);
            var row = new object?[Columns.Count];
            for (int column = 0; column < row.Length; column++)
                row[column] = Value(column);
            yield return row;
        }
    }

    private object? Value(int column) => raw.sqlite3_column_type(statement, column) switch
    {
        raw.SQLITE_INTEGER => raw.sqlite3_column_int64(statement, column),
        raw.SQLITE_FLOAT => raw.sqlite3_column_double(statement, column),
        raw.SQLITE_TEXT => raw.sqlite3_column_text(statement, column).utf8_to_string(),
        raw.SQLITE_BLOB => raw.sqlite3_column_blob(statement, column).ToArray(),
        _ => null,
    };

    /// <summary>Whether SQL is left after the first statement; only blanks and comments may be.</summary>
    private static bool HoldsAStatement(sqlite3 database, string sql)
    {
        if (raw.sqlite3_prepare_v2(database, sql, out sqlite3_stmt next) != raw.SQLITE_OK)
            return true;
        using (next)
            return !next.IsInvalid;
    }

    private static QueryException Failure(sqlite3 database) =>
        (raw.sqlite3_extended_errcode(database) & 0xff) == SqliteReadOnly
            ? new QueryException(Refused)
            : new QueryException(raw.sqlite3_errmsg(database).utf8_to_string().Split('\n')[0]);

    public void Dispose() => statement.Dispose();
}
