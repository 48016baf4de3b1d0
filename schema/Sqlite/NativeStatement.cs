using System.Runtime.InteropServices;
using SQLitePCL;

namespace ProcNetMon2.Schema.Sqlite;

/// <summary>
/// A prepared statement stepped and read straight through the SQLite library SQLitePCL.raw loads (e_sqlite3), for
/// scans of millions of rows. Each SQLitePCL.raw call marshals the statement's SafeHandle (a reference count taken and
/// dropped) behind an interface call: with a step and six column reads per event that was most of a scan's time
/// (docs/benchmarks.md). Column reads of the current row only copy a value SQLite already holds (no I/O, no
/// callback, no blocking), which is what <see cref="SuppressGCTransitionAttribute"/> requires; a step may do I/O and
/// keeps the transition.
/// </summary>
internal readonly partial struct NativeStatement
{
    private const string Library = "e_sqlite3";
    private readonly nint statement;

    /// <summary>Valid while <paramref name="statement"/> is open: the caller keeps it so.</summary>
    public NativeStatement(sqlite3_stmt statement) => this.statement = statement.DangerousGetHandle();

    /// <summary>SQLITE_ROW, SQLITE_DONE or an error code, as sqlite3_step.</summary>
    public int Step() => SqliteStep(statement);

    public long Int64(int column) => ColumnInt64(statement, column);

    public bool IsInteger(int column) => ColumnType(statement, column) == raw.SQLITE_INTEGER;

    [LibraryImport(Library, EntryPoint = "sqlite3_step")]
    private static partial int SqliteStep(nint statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_int64")]
    [SuppressGCTransition]
    private static partial long ColumnInt64(nint statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_type")]
    [SuppressGCTransition]
    private static partial int ColumnType(nint statement, int column);
}
