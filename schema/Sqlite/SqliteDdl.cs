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
            fork_ns INTEGER,
            exec_ns INTEGER,
            exit_ns INTEGER,
            exit_code INTEGER,
            gid INTEGER,
            cgroup_path TEXT,
            container TEXT,                       -- docker/containerd/podman id, when the cgroup names one
            unit TEXT,                            -- systemd unit, when the cgroup names one
            user_name TEXT                        -- uid's name on the recording host (recordings before it have no column)
        );
        CREATE TABLE sockets (
            socket_id INTEGER PRIMARY KEY,
            process_id INTEGER NOT NULL,         -- the owner (connected or accepted, else first I/O, else closed it); 0 while unknown
            cookie INTEGER,                       -- the kernel's socket cookie
            family INTEGER NOT NULL,              -- 2 AF_INET, 10 AF_INET6
            protocol INTEGER NOT NULL,            -- 6 TCP, 17 UDP
            local_addr TEXT NOT NULL,
            local_port INTEGER NOT NULL,
            remote_addr TEXT NOT NULL,            -- '' for an unconnected UDP socket
            remote_port INTEGER NOT NULL,
            first_seen_ns INTEGER NOT NULL,
            last_seen_ns INTEGER NOT NULL,
            role TEXT,                            -- client, server, udp; NULL when already open
            connect_ns INTEGER,
            established_ns INTEGER,
            close_ns INTEGER,
            close_reason TEXT,                    -- fin or rst
            state TEXT,                           -- last TCP state seen
            retransmits INTEGER NOT NULL DEFAULT 0,
            resets_sent INTEGER NOT NULL DEFAULT 0,
            resets_received INTEGER NOT NULL DEFAULT 0,
            app TEXT,                             -- application protocol: http, http2, tls, ssh, dns, quic, redis, postgresql, mysql
            app_method TEXT,                      -- payload (signature in the first bytes) or port (well-known port only)
            app_detail TEXT                       -- e.g. the TLS record version
        );
        CREATE TABLE events (
            ts_ns INTEGER NOT NULL,
            process_id INTEGER NOT NULL,
            tid INTEGER NOT NULL,
            socket_id INTEGER NOT NULL,
            direction INTEGER NOT NULL,           -- 0 tx, 1 rx
            bytes INTEGER NOT NULL
        );
        CREATE TABLE summarized_io (
            window_start_ns INTEGER NOT NULL,     -- the first summed call (the io view's ts_ns)
            window_end_ns INTEGER NOT NULL,       -- the last summed call
            process_id INTEGER NOT NULL,
            tid INTEGER NOT NULL,
            socket_id INTEGER NOT NULL,
            direction INTEGER NOT NULL,           -- 0 tx, 1 rx
            bytes INTEGER NOT NULL,               -- payload of every summed call: exact
            calls INTEGER NOT NULL                -- calls the kernel summed because its ring had no room
        );
        CREATE TABLE interfaces (
            ifindex INTEGER PRIMARY KEY,
            name TEXT NOT NULL
        );
        CREATE TABLE packet_flows (
            window_start_ns INTEGER NOT NULL,     -- packets counted in the kernel between two flushes
            window_end_ns INTEGER NOT NULL,
            socket_id INTEGER NOT NULL,           -- 0: no socket
            ifindex INTEGER NOT NULL,
            direction INTEGER NOT NULL,           -- 0 tx (egress), 1 rx (ingress)
            family INTEGER NOT NULL,
            protocol INTEGER NOT NULL,
            remote_addr TEXT NOT NULL,            -- from the packet: every datagram's peer
            remote_port INTEGER NOT NULL,
            packets INTEGER NOT NULL,
            bytes INTEGER NOT NULL                -- wire bytes: IP header and payload
        );
        CREATE TABLE losses (
            window_start_ns INTEGER NOT NULL,     -- a one-second window
            lost INTEGER NOT NULL,
            cpu INTEGER                           -- the CPU whose events were lost; NULL: all CPUs
        );
        CREATE TABLE recorder_stats (
            window_start_ns INTEGER NOT NULL,     -- one flush interval, about a second
            window_end_ns INTEGER NOT NULL,
            cpu_seconds REAL NOT NULL,            -- CPU time the recorder used
            rss_bytes INTEGER NOT NULL,
            ring_fill_peak_bytes INTEGER NOT NULL, -- most bytes waiting in the kernel ring (of recording.ring_bytes)
            events_submitted INTEGER NOT NULL,
            events_filtered INTEGER NOT NULL,     -- rejected by kernel-side filters before the ring
            flow_updates_lost INTEGER NOT NULL DEFAULT 0, -- packets not counted: the kernel's flow map was full (recordings before it have no column)
            calls_summarized INTEGER NOT NULL DEFAULT 0 -- socket calls summed in the kernel (summarized_io), ring full
        );
        CREATE TABLE tcp_incidents (              -- recordings before it have no table: only the sockets' counters
            ts_ns INTEGER NOT NULL,
            socket_id INTEGER NOT NULL,           -- 0: a socket no event of the recording named
            kind INTEGER NOT NULL                 -- 1 retransmit, 2 reset sent, 3 reset received
        );
        CREATE VIEW io AS
            SELECT e.ts_ns, e.ts_ns + r.monotonic_to_wall_ns AS wall_ns, p.pid, e.tid, p.comm,
                   CASE s.protocol WHEN 6 THEN 'tcp' WHEN 17 THEN 'udp' ELSE s.protocol END AS proto,
                   s.local_addr, s.local_port, s.remote_addr, s.remote_port,
                   CASE e.direction WHEN 0 THEN 'tx' ELSE 'rx' END AS direction, e.bytes,
                   e.process_id, e.socket_id, e.calls
            FROM (SELECT ts_ns, process_id, tid, socket_id, direction, bytes, 1 AS calls FROM events
                  UNION ALL
                  SELECT window_start_ns, process_id, tid, socket_id, direction, bytes, calls FROM summarized_io) e
                 JOIN processes p USING (process_id) JOIN sockets s USING (socket_id), recording r;
        CREATE VIEW packets AS
            SELECT f.*, i.name AS interface, s.process_id, p.pid, p.comm
            FROM packet_flows f LEFT JOIN interfaces i USING (ifindex)
                 LEFT JOIN sockets s USING (socket_id) LEFT JOIN processes p ON p.process_id = s.process_id;
        CREATE VIEW incidents AS
            SELECT i.ts_ns, i.ts_ns + r.monotonic_to_wall_ns AS wall_ns,
                   CASE i.kind WHEN 1 THEN 'retransmit' WHEN 2 THEN 'reset_sent' WHEN 3 THEN 'reset_received' ELSE i.kind END AS kind,
                   p.pid, p.comm, s.local_addr, s.local_port, s.remote_addr, s.remote_port, i.socket_id, s.process_id
            FROM tcp_incidents i LEFT JOIN sockets s USING (socket_id) LEFT JOIN processes p ON p.process_id = s.process_id, recording r;
        CREATE VIEW socket_totals AS
            SELECT s.*, p.pid, p.comm, COALESCE(t.tx_bytes, 0) AS tx_bytes, COALESCE(t.rx_bytes, 0) AS rx_bytes
            FROM sockets s LEFT JOIN processes p USING (process_id)
            LEFT JOIN (SELECT socket_id,
                              SUM(CASE direction WHEN 0 THEN bytes END) AS tx_bytes,
                              SUM(CASE direction WHEN 1 THEN bytes END) AS rx_bytes
                       FROM (SELECT socket_id, direction, bytes FROM events
                             UNION ALL SELECT socket_id, direction, bytes FROM summarized_io)
                       GROUP BY socket_id) t USING (socket_id);
        """;

    /// <summary>
    /// PRAGMA user_version when the events table's rows (rowid order) are in timestamp order, so a
    /// reader needs no index to stream them in order. The writer keeps it while that holds.
    /// </summary>
    public const int EventsInTimeOrder = 1;

    /// <summary>
    /// Built at close only when events were not written in timestamp order: an index costs about as
    /// much space as the table, and the views aggregate in one scan without one.
    /// </summary>
    public const string TimeIndex = "CREATE INDEX IF NOT EXISTS events_by_time ON events (ts_ns);";
}
