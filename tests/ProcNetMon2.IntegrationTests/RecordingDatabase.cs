using Dapper;
using Microsoft.Data.Sqlite;

namespace ProcNetMon2.IntegrationTests;

/// <summary>A finished SQLite recording, queried the way a user would with sqlite3.</summary>
internal sealed class RecordingDatabase(string path) : IDisposable
{
    private readonly SqliteConnection connection = new($"Data Source={path};Mode=ReadOnly;Pooling=False");

    public sealed record SocketRow(long SocketId, long Pid, string Comm, long Protocol, string? Role, long LocalPort, string RemoteAddr,
        long RemotePort, long? ConnectNs, long? EstablishedNs, long? CloseNs, string? CloseReason, string? State, long Retransmits,
        long ResetsSent, long ResetsReceived, long TxBytes, long RxBytes, string? App, string? AppMethod, string? AppDetail);

    private const string SocketColumns = """
        SELECT socket_id AS SocketId, pid AS Pid, comm AS Comm, protocol AS Protocol, role AS Role, local_port AS LocalPort,
               remote_addr AS RemoteAddr, remote_port AS RemotePort, connect_ns AS ConnectNs, established_ns AS EstablishedNs,
               close_ns AS CloseNs, close_reason AS CloseReason, state AS State, retransmits AS Retransmits,
               resets_sent AS ResetsSent, resets_received AS ResetsReceived, tx_bytes AS TxBytes, rx_bytes AS RxBytes,
               app AS App, app_method AS AppMethod, app_detail AS AppDetail
        FROM socket_totals
        """;

    public IReadOnlyList<SocketRow> SocketsOf(int pid) =>
        connection.Query<SocketRow>($"{SocketColumns} WHERE pid = @pid ORDER BY socket_id", new { pid }).AsList();

    /// <summary>Sockets bound to a local port whose owner is known, e.g. a server's accepted connections.</summary>
    public IReadOnlyList<SocketRow> SocketsOnLocalPort(int port) =>
        connection.Query<SocketRow>($"{SocketColumns} WHERE local_port = @port AND pid IS NOT NULL ORDER BY socket_id", new { port }).AsList();

    public T Scalar<T>(string sql, object? parameters = null) => connection.ExecuteScalar<T>(sql, parameters)!;

    public T Single<T>(string sql, object? parameters = null) => connection.QuerySingle<T>(sql, parameters);

    public void Dispose() => connection.Dispose();
}
