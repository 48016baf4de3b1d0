namespace ProcNetMon2.Schema.Sqlite;

/// <summary>The SQLite recording layout: normalized tables, narrow events, views for ad-hoc SQL.</summary>
public static class SqliteDdl
{
    public const string Tables = """
        CREATE TABLE recording (
            format_version INTEGER NOT NULL,
            pnm_version TEXT NOT NULL,
            host TEXT NOT NULL,
            kernel_release TEXT NOT NULL,
            backend TEXT NOT NULL,
            programs TEXT NOT NULL,
            filters TEXT NOT NULL,
            ring_bytes INTEGER NOT NULL,
            started_ns INTEGER NOT NULL,          -- CLOCK_MONOTONIC
            stopped_ns INTEGER,                   -- NULL while recording or after a crash
            monotonic_to_wall_ns INTEGER NOT NULL -- add to a monotonic ns to get Unix epoch ns
        );
        CREATE TABLE processes (
            process_id INTEGER PRIMARY KEY,       -- one row per pid and program image (exec starts a new one)
            pid INTEGER NOT NULL,
            parent_pid INTEGER,
            comm TEXT NOT NULL,
            exe TEXT,
            cmdline TEXT,
            uid INTEGER,
            first_seen_ns INTEGER NOT NULL,
            exec_ns INTEGER,
            exit_ns INTEGER,
            exit_code INTEGER
        );
        CREATE TABLE sockets (
            socket_id INTEGER PRIMARY KEY,
            process_id INTEGER NOT NULL REFERENCES processes(process_id),
            family INTEGER NOT NULL,              -- 2 AF_INET, 10 AF_INET6
            protocol INTEGER NOT NULL,            -- 6 TCP, 17 UDP
            local_addr TEXT NOT NULL,
            local_port INTEGER NOT NULL,
            remote_addr TEXT NOT NULL,            -- '' for an unconnected UDP socket
            remote_port INTEGER NOT NULL,
            first_seen_ns INTEGER NOT NULL,
            last_seen_ns INTEGER NOT NULL
        );
        CREATE TABLE events (
            ts_ns INTEGER NOT NULL,
            process_id INTEGER NOT NULL,
            tid INTEGER NOT NULL,
            socket_id INTEGER NOT NULL,
            direction INTEGER NOT NULL,           -- 0 tx, 1 rx
            bytes INTEGER NOT NULL
        );
        CREATE TABLE losses (
            window_start_ns INTEGER NOT NULL,     -- a one-second window
            lost INTEGER NOT NULL
        );
        CREATE VIEW io AS
            SELECT e.ts_ns, e.ts_ns + r.monotonic_to_wall_ns AS wall_ns, p.pid, e.tid, p.comm,
                   CASE s.protocol WHEN 6 THEN 'tcp' WHEN 17 THEN 'udp' ELSE s.protocol END AS proto,
                   s.local_addr, s.local_port, s.remote_addr, s.remote_port,
                   CASE e.direction WHEN 0 THEN 'tx' ELSE 'rx' END AS direction, e.bytes,
                   e.process_id, e.socket_id
            FROM events e JOIN processes p USING (process_id) JOIN sockets s USING (socket_id), recording r;
        CREATE VIEW socket_totals AS
            SELECT s.*, p.pid, p.comm,
                   COALESCE(SUM(CASE e.direction WHEN 0 THEN e.bytes END), 0) AS tx_bytes,
                   COALESCE(SUM(CASE e.direction WHEN 1 THEN e.bytes END), 0) AS rx_bytes
            FROM sockets s JOIN processes p USING (process_id) LEFT JOIN events e USING (socket_id)
            GROUP BY s.socket_id;
        """;

    /// <summary>Built once at close: cheaper than maintaining them while recording.</summary>
    public const string Indexes = """
        CREATE INDEX IF NOT EXISTS events_by_process_time ON events (process_id, ts_ns);
        CREATE INDEX IF NOT EXISTS events_by_socket ON events (socket_id);
        CREATE INDEX IF NOT EXISTS events_by_time ON events (ts_ns);
        """;
}
