/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The kernel/user ABI of pnm: every struct, enum and constant the BPF programs and the recorder
 * share -- the ring-buffer events, the keys and values of the maps the recorder reads (overflow
 * and packet flow maps) and the slots of the capture_counters map. Nothing else crosses.
 * The C# mirror (bpf/ProcNetMon2.Bpf/Abi/PnmAbi.cs) is checked against this file by a test
 * (tests/ProcNetMon2.Tests/Bpf/AbiLayoutTests.cs): when a field moves or changes size here,
 * that test fails until the mirror follows.
 *
 * Rules: fixed-width types only, biggest fields first, explicit padding, every struct a
 * multiple of 8 bytes. Addresses are 16 bytes (IPv4 in the first 4, network byte order).
 */
#ifndef PNM_ABI_H
#define PNM_ABI_H

#define PNM_COMM_LEN 16
#define PNM_FILENAME_LEN 128
#define PNM_ADDR_LEN 16
#define PNM_PAYLOAD_PREFIX_LEN 64

enum pnm_event_kind {
	PNM_EVENT_SOCK_IO = 1,
	PNM_EVENT_PROCESS_EXEC = 2,
	PNM_EVENT_PROCESS_EXIT = 3,
	PNM_EVENT_PROCESS_FORK = 4,
	PNM_EVENT_SOCK_STATE = 5,
	PNM_EVENT_TCP_INCIDENT = 6,
	PNM_EVENT_PAYLOAD_PREFIX = 7,
	PNM_EVENT_SOCK_ACCEPT = 8,
};

/* What happened to a TCP connection, besides state changes. */
enum pnm_tcp_incident {
	PNM_TCP_RETRANSMIT = 1,
	PNM_TCP_RESET_SENT = 2,
	PNM_TCP_RESET_RECEIVED = 3,
};

enum pnm_direction {
	PNM_DIRECTION_TX = 0,
	PNM_DIRECTION_RX = 1,
};

/* Leads every event. */
struct pnm_event_header {
	__u64 timestamp_ns; /* bpf_ktime_get_ns(): CLOCK_MONOTONIC */
	__u32 pid;          /* thread group id */
	__u32 tid;          /* thread id */
	__u16 kind;         /* enum pnm_event_kind */
	__u16 reserved16;
	__u32 reserved32;
};

/* Payload bytes of one successful send or receive call on an IPv4/IPv6 socket. */
struct pnm_sock_io_event {
	struct pnm_event_header header;
	__u64 sock_id;                    /* kernel socket address: tells sockets apart when there is no cookie */
	__u64 cookie;                     /* the kernel's socket cookie, unique per socket; 0 when unavailable */
	__u8 local_addr[PNM_ADDR_LEN];
	__u8 remote_addr[PNM_ADDR_LEN];   /* all zero for an unconnected UDP socket */
	__u32 bytes;
	__u16 local_port;                 /* host byte order */
	__u16 remote_port;                /* host byte order */
	__u16 family;                     /* AF_INET or AF_INET6 */
	__u8 protocol;                    /* IPPROTO_TCP or IPPROTO_UDP */
	__u8 direction;                   /* enum pnm_direction */
	__u32 reserved;
	char comm[PNM_COMM_LEN];          /* process name: the thread group leader's comm */
};

/* A task image was replaced by execve(). */
struct pnm_process_exec_event {
	struct pnm_event_header header;
	__u32 parent_pid;
	__u32 reserved;
	char comm[PNM_COMM_LEN];
	char filename[PNM_FILENAME_LEN];
};

/* A thread group leader exited. */
struct pnm_process_exit_event {
	struct pnm_event_header header;
	__s32 exit_code;                  /* as wait(2) reports it: status << 8 | signal */
	__u32 reserved;
	char comm[PNM_COMM_LEN];
};

/* A process forked: header.pid is the parent. Threads (clone with CLONE_THREAD) are not reported. */
struct pnm_process_fork_event {
	struct pnm_event_header header;
	__u32 child_pid;
	__u32 reserved;
	char comm[PNM_COMM_LEN];          /* the parent's name, which the child inherits */
};

/*
 * A TCP socket changed state. Many transitions run in softirq context: header.pid is whoever
 * was running, the owner only for SYN_SENT (connect runs in the caller).
 */
struct pnm_sock_state_event {
	struct pnm_event_header header;
	__u64 sock_id;
	__u64 cookie;
	__u8 local_addr[PNM_ADDR_LEN];
	__u8 remote_addr[PNM_ADDR_LEN];
	__u16 local_port;
	__u16 remote_port;
	__u16 family;
	__u8 old_state;                   /* TCP_ESTABLISHED = 1 … TCP_CLOSING = 11, as in the kernel */
	__u8 new_state;
};

/*
 * accept() returned a TCP socket: header.pid is the process that accepted it, its owner even when
 * it never carries payload (health checks, port scans, clients that connect and close).
 */
struct pnm_sock_accept_event {
	struct pnm_event_header header;
	__u64 sock_id;
	__u64 cookie;                     /* 0 when no program made one yet */
	__u8 local_addr[PNM_ADDR_LEN];
	__u8 remote_addr[PNM_ADDR_LEN];
	__u16 local_port;
	__u16 remote_port;
	__u16 family;
	__u16 reserved;
	char comm[PNM_COMM_LEN];
};

/* Retransmitted segments or a reset, on a known socket. */
struct pnm_tcp_incident_event {
	struct pnm_event_header header;
	__u64 sock_id;
	__u64 cookie;
	__u8 incident;                    /* enum pnm_tcp_incident */
	__u8 state;                       /* the socket's TCP state at the time */
	__u16 reserved16;
	__u32 count;                      /* retransmits: segments the kernel counted since the socket's last event; resets: 1 */
};

/*
 * The first bytes of one of a socket's first payload-bearing packets, for protocol detection in
 * the recorder. They are classified and dropped there: payload is never stored.
 */
struct pnm_payload_prefix_event {
	struct pnm_event_header header;   /* pid: whoever ran; packets may arrive in softirq */
	__u64 cookie;
	__u16 local_port;
	__u16 remote_port;
	__u16 length;                     /* valid bytes of data */
	__u8 protocol;                    /* IPPROTO_TCP or IPPROTO_UDP */
	__u8 direction;                   /* enum pnm_direction */
	__u8 data[PNM_PAYLOAD_PREFIX_LEN];
};

/*
 * Socket I/O the ring had no room for (or that would have eaten the ring's headroom) is summed in
 * the kernel instead, per socket, thread and direction, in one of two hash maps that take turns
 * (overflow_0, overflow_1): the recorder switches `active_overflow_map` once a second and drains
 * the map the programs left a second earlier. Totals stay exact; only timing is coarser.
 */
struct pnm_sock_io_overflow_key {
	__u64 cookie;                     /* as in pnm_sock_io_event */
	__u64 sock_id;
	__u64 pid_tgid;                   /* tgid << 32 | tid */
	__u8 direction;                   /* enum pnm_direction */
	__u8 reserved8;
	__u16 reserved16;
	__u32 reserved32;
};

/* What the recorder needs to name the process and socket when no ring event ever did. */
struct pnm_sock_io_overflow {
	__u64 bytes;                      /* payload bytes of every summed call */
	__u64 calls;
	__u64 first_ns;                   /* bpf_ktime_get_ns() of the first and the last summed call */
	__u64 last_ns;
	__u8 local_addr[PNM_ADDR_LEN];    /* the endpoints at the first summed call */
	__u8 remote_addr[PNM_ADDR_LEN];
	__u16 local_port;
	__u16 remote_port;
	__u16 family;
	__u8 protocol;
	__u8 reserved;
	char comm[PNM_COMM_LEN];          /* the thread group leader's comm at the first summed call */
};

/*
 * Packets, counted by the cgroup_skb programs per socket, interface, direction and remote
 * endpoint in one of two hash maps that take turns (flows_0, flows_1), like the overflow maps.
 */
struct pnm_flow_key {
	__u64 cookie;                     /* the socket's cookie; 0 for a packet without a socket */
	__u8 remote_addr[PNM_ADDR_LEN];   /* from the packet: the peer of every datagram */
	__u32 ifindex;
	__u16 remote_port;
	__u8 direction;                   /* enum pnm_direction */
	__u8 protocol;                    /* L4, from the IP header */
	__u16 family;
	__u16 reserved16;
	__u32 reserved32;
};

struct pnm_flow_counts {
	__u64 packets;
	__u64 bytes;                      /* IP length: wire bytes less the link layer */
	__u32 payload_shown;              /* 1: the socket's payload prefixes were all shown, skip asking */
	__u32 reserved;
};

/* The slots of the per-CPU array capture_counters. */
enum pnm_capture_counter {
	PNM_COUNTER_LOST = 0,             /* no room in the ring (or, for socket I/O, in the overflow map) */
	PNM_COUNTER_FILTERED = 1,         /* rejected by the filters */
	PNM_COUNTER_SUBMITTED = 2,        /* submitted to the ring */
	PNM_COUNTER_SUMMARIZED = 3,       /* socket calls summed in an overflow map instead of the ring */
};

#define PNM_CAPTURE_COUNTERS 4

#endif /* PNM_ABI_H */
