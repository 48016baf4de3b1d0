// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Kernel side of pnm record: payload bytes per socket call and process lifecycle, streamed
 * through one ring buffer. Socket calls have three backends, of which the recorder loads one:
 *   tracepoint  BTF tracepoints sock_send_length/sock_recv_length (Linux >= 6.3), cheapest;
 *   fentry      fexit on tcp_/udp_/udpv6_ sendmsg/recvmsg (BTF trampolines);
 *   kprobe      kprobe + kretprobe on the same functions.
 * recvmsg lost its `nonblock` argument in 5.19: both shapes exist, chosen from the kernel's BTF.
 */
#include "capture.bpf.h"
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "packets.bpf.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/*
 * Socket I/O goes to the overflow maps once this much is waiting in the ring: the rest is headroom
 * for rarer events (exec, exit, fork, state changes, payload prefixes) in a burst. Ring size less
 * the headroom, set by the recorder.
 */
const volatile __u64 io_backlog_limit_bytes = 7 * 1024 * 1024;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u8);
} pid_filter SEC(".maps");

struct comm_key {
	union {
		char comm[PNM_COMM_LEN];
		__u64 words[PNM_COMM_LEN / 8];
	};
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, struct comm_key);
	__type(value, __u8);
} comm_filter SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u64);
	__type(value, __u8);
} cgroup_filter SEC(".maps");

/*
 * Tracing programs (tp_btf, fentry) receive BTF-typed pointers and load their fields directly;
 * kprobes get plain addresses and must call bpf_probe_read_kernel, ~20 ns a field. Only the socket
 * tracepoints (6.3+) use bpf_get_current_task_btf (5.11+), so fentry still runs on 5.5-5.10.
 */
enum kernel_access { ACCESS_PROBE_READ, ACCESS_BTF_SOCKET, ACCESS_BTF_SOCKET_AND_TASK };

#define SOCK_FIELD(access, sk, field) ((access) == ACCESS_PROBE_READ ? BPF_CORE_READ(sk, field) : (sk)->field)

/*
 * A word of a comm with the bytes after its first NUL zeroed (kernels before 6.11 leave there what
 * a longer earlier name had, and the comm is a map key). Each zero byte sets its high bit in
 * `zeros`; bytes above the first zero may be marked too, so only the lowest mark counts.
 */
static __always_inline __u64 cut_after_nul(__u64 word, bool *ended)
{
	__u64 zeros = (word - 0x0101010101010101ULL) & ~word & 0x8080808080808080ULL;
	if (!zeros)
		return word;
	*ended = true;
	__u64 first = zeros & -zeros; /* bit 8k+7 for the first NUL at byte k (little-endian) */
	return word & ((first >> 7) - 1);
}

/* The process's name is its main thread's comm; the current thread may have renamed itself. */
static __always_inline void process_name(struct comm_key *key, enum kernel_access access)
{
	if (access == ACCESS_BTF_SOCKET_AND_TASK) {
		/* Two loads; bpf_probe_read_kernel_str copies byte by byte and costs ~60 ns. */
		const __u64 *comm = (const __u64 *)bpf_get_current_task_btf()->group_leader->comm;
		bool ended = false;
		key->words[0] = cut_after_nul(comm[0], &ended);
		key->words[1] = ended ? 0 : cut_after_nul(comm[1], &ended);
		return;
	}
	/* Zeroed first: the string read leaves bytes after the NUL as they were. */
	__builtin_memset(key, 0, sizeof(*key));
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	BPF_CORE_READ_STR_INTO(&key->comm, task, group_leader, comm);
}

static __always_inline bool is_wanted(__u32 tgid, const char *comm)
{
	if (tgid == recorder_tgid)
		return false;
	__u64 cgroup = filter_by_cgroup ? bpf_get_current_cgroup_id() : 0;
	if ((filter_by_pid && !bpf_map_lookup_elem(&pid_filter, &tgid)) ||
	    (filter_by_comm && !bpf_map_lookup_elem(&comm_filter, comm)) ||
	    (filter_by_cgroup && !bpf_map_lookup_elem(&cgroup_filter, &cgroup))) {
		count(PNM_COUNTER_FILTERED);
		return false;
	}
	return true;
}

/* The calling thread's pid_tgid: two loads from the current task where it is BTF-typed, else the helper. */
static __always_inline __u64 current_pid_tgid(enum kernel_access access)
{
	if (access != ACCESS_BTF_SOCKET_AND_TASK)
		return bpf_get_current_pid_tgid();
	struct task_struct *task = bpf_get_current_task_btf();
	return (__u64)task->tgid << 32 | (__u32)task->pid;
}

/* The calling task's process name, and whether the filters want its events. */
static __always_inline bool current_is_wanted(__u64 pid_tgid, struct comm_key *comm, enum kernel_access access)
{
	process_name(comm, access);
	return is_wanted(pid_tgid >> 32, comm->comm);
}

/* The same endpoints as the sock_io event, for any event about a socket. */
static __always_inline void read_endpoints(const struct sock *sk, __u16 family, __u8 *local_addr, __u8 *remote_addr,
					   __u16 *local_port, __u16 *remote_port, enum kernel_access access)
{
	__u32 *local = (__u32 *)local_addr, *remote = (__u32 *)remote_addr;
	if (family == AF_INET) {
		local[0] = SOCK_FIELD(access, sk, __sk_common.skc_rcv_saddr);
		remote[0] = SOCK_FIELD(access, sk, __sk_common.skc_daddr);
		local[1] = local[2] = local[3] = 0;
		remote[1] = remote[2] = remote[3] = 0;
	} else if (access == ACCESS_PROBE_READ) {
		BPF_CORE_READ_INTO((struct in6_addr *)local_addr, sk, __sk_common.skc_v6_rcv_saddr);
		BPF_CORE_READ_INTO((struct in6_addr *)remote_addr, sk, __sk_common.skc_v6_daddr);
	} else {
		for (int i = 0; i < 4; i++) {
			local[i] = sk->__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr32[i];
			remote[i] = sk->__sk_common.skc_v6_daddr.in6_u.u6_addr32[i];
		}
	}
	*local_port = SOCK_FIELD(access, sk, __sk_common.skc_num);
	*remote_port = __builtin_bswap16(SOCK_FIELD(access, sk, __sk_common.skc_dport));
}

/* A socket's cookie: read where the socket has one already (once it has been asked for), else made. */
static __always_inline __u64 socket_cookie(struct sock *sk)
{
	__u64 cookie = sk->__sk_common.skc_cookie.counter;
	return cookie ? cookie : bpf_get_socket_cookie(sk);
}

/* Programs that may not call bpf_get_socket_cookie (kprobes) read the cookie if one was made. */
static __always_inline __u64 cookie_if_made(const struct sock *sk)
{
	return BPF_CORE_READ(sk, __sk_common.skc_cookie.counter);
}

#define OVERFLOW_MAP(name)                                           \
	struct {                                                     \
		__uint(type, BPF_MAP_TYPE_HASH);                     \
		__uint(max_entries, 16384);                          \
		__type(key, struct pnm_sock_io_overflow_key);        \
		__type(value, struct pnm_sock_io_overflow);          \
	} name SEC(".maps")

/* Socket calls the ring had no room for, summed; two maps take turns like the packet flow maps. */
OVERFLOW_MAP(overflow_0);
OVERFLOW_MAP(overflow_1);

/* Written by the recorder while running. */
volatile __u32 active_overflow_map = 0;

/* Whether a socket I/O event still leaves the ring its headroom. */
static __always_inline bool ring_has_room_for_io(void)
{
	return bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) + sizeof(struct pnm_sock_io_event) + BPF_RINGBUF_HDR_SZ <=
	       io_backlog_limit_bytes;
}

/*
 * Adds one call to its (socket, thread, direction) entry; the first call of an entry also leaves
 * what names the process and socket. The key holds the thread, so an entry has one writer at a
 * time; the adds are atomic all the same. Only a full map loses the call.
 */
static __always_inline void add_to_overflow(void *overflow, const struct pnm_sock_io_overflow_key *key, struct sock *sk,
					    __u16 family, __u8 protocol, __u32 bytes, const struct comm_key *comm,
					    enum kernel_access access)
{
	__u64 now = bpf_ktime_get_ns();
	struct pnm_sock_io_overflow *sum = bpf_map_lookup_elem(overflow, key);
	if (!sum) {
		struct pnm_sock_io_overflow first = {
			.bytes = bytes, .calls = 1, .first_ns = now, .last_ns = now, .family = family, .protocol = protocol,
		};
		read_endpoints(sk, family, first.local_addr, first.remote_addr, &first.local_port, &first.remote_port, access);
		__builtin_memcpy(first.comm, comm->comm, sizeof(first.comm));
		long err = bpf_map_update_elem(overflow, key, &first, BPF_NOEXIST);
		if (err == 0) {
			count(PNM_COUNTER_SUMMARIZED);
			return;
		}
		/* Another CPU made it first (the same thread, moved), or the map is full. */
		sum = err == -EEXIST ? bpf_map_lookup_elem(overflow, key) : NULL;
		if (!sum) {
			count(PNM_COUNTER_LOST);
			return;
		}
	}
	__sync_fetch_and_add(&sum->bytes, bytes);
	__sync_fetch_and_add(&sum->calls, 1);
	sum->last_ns = now;
	count(PNM_COUNTER_SUMMARIZED);
}

static __always_inline void summarize_sock_io(struct sock *sk, __u32 bytes, __u8 direction, __u64 cookie, __u64 pid_tgid,
					      __u16 family, __u8 protocol, const struct comm_key *comm, enum kernel_access access)
{
	struct pnm_sock_io_overflow_key key = { .cookie = cookie, .sock_id = (__u64)sk, .pid_tgid = pid_tgid, .direction = direction };
	if (active_overflow_map)
		add_to_overflow(&overflow_1, &key, sk, family, protocol, bytes, comm, access);
	else
		add_to_overflow(&overflow_0, &key, sk, family, protocol, bytes, comm, access);
}

static __always_inline int record_sock_io(struct sock *sk, int ret, __u8 direction, __u64 cookie,
					  enum kernel_access access)
{
	if (ret <= 0 || !sk)
		return 0;

	__u16 family = SOCK_FIELD(access, sk, __sk_common.skc_family);
	if (family != AF_INET && family != AF_INET6)
		return 0;
	__u16 protocol = SOCK_FIELD(access, sk, sk_protocol);
	if (protocol != IPPROTO_TCP && protocol != IPPROTO_UDP)
		return 0;

	if ((family_filter && family != family_filter) ||
	    (filter_by_iface && (!cookie || !bpf_map_lookup_elem(&iface_sockets, &cookie))) ||
	    (filter_by_port && !ports_wanted(SOCK_FIELD(access, sk, __sk_common.skc_num),
					     __builtin_bswap16(SOCK_FIELD(access, sk, __sk_common.skc_dport))))) {
		count(PNM_COUNTER_FILTERED);
		return 0;
	}
	__u64 pid_tgid = current_pid_tgid(access);
	struct comm_key comm;
	if (!current_is_wanted(pid_tgid, &comm, access))
		return 0;
	want_socket(cookie);

	/* Without room in the ring the call is summed instead: the bytes stay exact, lifecycle events keep their room. */
	struct pnm_sock_io_event *e = ring_has_room_for_io() ? bpf_ringbuf_reserve(&events, sizeof(*e), 0) : NULL;
	if (!e) {
		summarize_sock_io(sk, ret, direction, cookie, pid_tgid, family, protocol, &comm, access);
		return 0;
	}
	fill_header(&e->header, PNM_EVENT_SOCK_IO, pid_tgid);
	e->sock_id = (__u64)sk;
	e->cookie = cookie;
	read_endpoints(sk, family, e->local_addr, e->remote_addr, &e->local_port, &e->remote_port, access);
	e->bytes = ret;
	e->family = family;
	e->protocol = protocol;
	e->direction = direction;
	e->reserved = 0;
	__builtin_memcpy(e->comm, comm.comm, sizeof(e->comm));
	submit(e, sizeof(*e));
	return 0;
}

SEC("tp_btf/sock_send_length")
int BPF_PROG(sock_send_length, struct sock *sk, int ret, int flags)
{
	if (ret <= 0 || !sk)
		return 0;
	return record_sock_io(sk, ret, PNM_DIRECTION_TX, socket_cookie(sk), ACCESS_BTF_SOCKET_AND_TASK);
}

SEC("tp_btf/sock_recv_length")
int BPF_PROG(sock_recv_length, struct sock *sk, int ret, int flags)
{
	/* A peek leaves the data queued: the read that consumes it is counted instead. */
	if (ret <= 0 || !sk || (flags & MSG_PEEK))
		return 0;
	return record_sock_io(sk, ret, PNM_DIRECTION_RX, socket_cookie(sk), ACCESS_BTF_SOCKET_AND_TASK);
}

/* ---- fentry backend ---- */

#define FEXIT_SEND(fn, skip_inet6)                                                        \
	SEC("fexit/" #fn)                                                                   \
	int BPF_PROG(fexit_##fn, struct sock *sk, struct msghdr *msg, __u64 len, int ret)    \
	{                                                                                   \
		if (skip_inet6 && BPF_CORE_READ(sk, __sk_common.skc_family) == AF_INET6)       \
			return 0;                                                               \
		return ret <= 0 ? 0 : record_sock_io(sk, ret, PNM_DIRECTION_TX, socket_cookie(sk), ACCESS_BTF_SOCKET); \
	}

#define FEXIT_RECV(fn)                                                                    \
	SEC("fexit/" #fn)                                                                   \
	int BPF_PROG(fexit_##fn, struct sock *sk, struct msghdr *msg, __u64 len, int flags,  \
		     int *addr_len, int ret)                                                \
	{                                                                                   \
		return (ret <= 0 || (flags & MSG_PEEK)) ? 0 : record_sock_io(sk, ret, PNM_DIRECTION_RX, socket_cookie(sk), ACCESS_BTF_SOCKET); \
	}                                                                                   \
	SEC("fexit/" #fn)                                                                   \
	int BPF_PROG(fexit_##fn##_nonblock, struct sock *sk, struct msghdr *msg, __u64 len,  \
		     int nonblock, int flags, int *addr_len, int ret)                       \
	{                                                                                   \
		return (ret <= 0 || (flags & MSG_PEEK)) ? 0 : record_sock_io(sk, ret, PNM_DIRECTION_RX, socket_cookie(sk), ACCESS_BTF_SOCKET); \
	}

/* udpv6_sendmsg hands IPv4-mapped destinations to udp_sendmsg: count that call once, as udpv6. */
FEXIT_SEND(tcp_sendmsg, false)
FEXIT_SEND(udp_sendmsg, true)
FEXIT_SEND(udpv6_sendmsg, false)
FEXIT_RECV(tcp_recvmsg)
FEXIT_RECV(udp_recvmsg)
FEXIT_RECV(udpv6_recvmsg)

/* ---- kprobe backend: the entry saves the arguments, the return records ---- */

enum pending_call { PENDING_TCP_SEND, PENDING_UDP_SEND, PENDING_UDPV6_SEND, PENDING_TCP_RECV, PENDING_UDP_RECV, PENDING_UDPV6_RECV };

struct pending_key {
	__u64 pid_tgid;
	__u32 call;
	__u32 reserved;
};

struct pending_args {
	struct sock *sk;
	int flags;
	int reserved;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, struct pending_key);
	__type(value, struct pending_args);
} pending_calls SEC(".maps");

static __always_inline int save_call(__u32 call, struct sock *sk, int flags)
{
	struct pending_key key = { .pid_tgid = bpf_get_current_pid_tgid(), .call = call };
	struct pending_args args = { .sk = sk, .flags = flags };
	bpf_map_update_elem(&pending_calls, &key, &args, BPF_ANY);
	return 0;
}

static __always_inline int finish_call(__u32 call, int ret, __u8 direction)
{
	struct pending_key key = { .pid_tgid = bpf_get_current_pid_tgid(), .call = call };
	struct pending_args *args = bpf_map_lookup_elem(&pending_calls, &key);
	if (!args)
		return 0;
	struct sock *sk = args->sk;
	int flags = args->flags;
	bpf_map_delete_elem(&pending_calls, &key);
	if (flags & MSG_PEEK)
		return 0;
	return record_sock_io(sk, ret, direction, cookie_if_made(sk), ACCESS_PROBE_READ);
}

#define KPROBE_SEND(fn, call, skip_inet6)                                                 \
	SEC("kprobe/" #fn)                                                                  \
	int BPF_KPROBE(kprobe_##fn, struct sock *sk)                                        \
	{                                                                                   \
		if (skip_inet6 && BPF_CORE_READ(sk, __sk_common.skc_family) == AF_INET6)       \
			return 0;                                                               \
		return save_call(call, sk, 0);                                              \
	}                                                                                   \
	SEC("kretprobe/" #fn)                                                               \
	int BPF_KRETPROBE(kretprobe_##fn, int ret)                                          \
	{                                                                                   \
		return finish_call(call, ret, PNM_DIRECTION_TX);                            \
	}

#define KPROBE_RECV(fn, call)                                                             \
	SEC("kprobe/" #fn)                                                                  \
	int BPF_KPROBE(kprobe_##fn, struct sock *sk, struct msghdr *msg, __u64 len, int flags) \
	{                                                                                   \
		return save_call(call, sk, flags);                                          \
	}                                                                                   \
	SEC("kprobe/" #fn)                                                                  \
	int BPF_KPROBE(kprobe_##fn##_nonblock, struct sock *sk, struct msghdr *msg, __u64 len, \
		       int nonblock, int flags)                                             \
	{                                                                                   \
		return save_call(call, sk, flags);                                          \
	}                                                                                   \
	SEC("kretprobe/" #fn)                                                               \
	int BPF_KRETPROBE(kretprobe_##fn, int ret)                                          \
	{                                                                                   \
		return finish_call(call, ret, PNM_DIRECTION_RX);                            \
	}

KPROBE_SEND(tcp_sendmsg, PENDING_TCP_SEND, false)
KPROBE_SEND(udp_sendmsg, PENDING_UDP_SEND, true)
KPROBE_SEND(udpv6_sendmsg, PENDING_UDPV6_SEND, false)
KPROBE_RECV(tcp_recvmsg, PENDING_TCP_RECV)
KPROBE_RECV(udp_recvmsg, PENDING_UDP_RECV)
KPROBE_RECV(udpv6_recvmsg, PENDING_UDPV6_RECV)

/* ---- process lifecycle (raw tracepoints: no BTF program type needed) ---- */

SEC("raw_tp/sched_process_fork")
int BPF_PROG(sched_process_fork, struct task_struct *parent, struct task_struct *child)
{
	__u32 child_pid = BPF_CORE_READ(child, pid);
	/* A new thread joins its group; only a new process is a fork here. */
	if (child_pid != (__u32)BPF_CORE_READ(child, tgid))
		return 0;
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct comm_key comm;
	if (!current_is_wanted(pid_tgid, &comm, ACCESS_PROBE_READ))
		return 0;

	struct pnm_process_fork_event *e = reserve(sizeof(*e));
	if (!e)
		return 0;
	fill_header(&e->header, PNM_EVENT_PROCESS_FORK, pid_tgid);
	e->child_pid = child_pid;
	e->reserved = 0;
	__builtin_memcpy(e->comm, comm.comm, sizeof(e->comm));
	submit(e, sizeof(*e));
	return 0;
}

/* ---- TCP connection lifecycle and incidents (no process filter: softirq has no owner) ---- */

SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(inet_sock_set_state, struct sock *sk, int old_state, int new_state)
{
	if (!sk || BPF_CORE_READ(sk, sk_protocol) != IPPROTO_TCP)
		return 0;
	/* Listening sockets are not connections. */
	if (old_state == TCP_LISTEN || new_state == TCP_LISTEN)
		return 0;
	__u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);
	if (family != AF_INET && family != AF_INET6)
		return 0;
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	if ((pid_tgid >> 32) == recorder_tgid)
		return 0;
	__u64 cookie = socket_cookie(sk);
	if (!ports_wanted(BPF_CORE_READ(sk, __sk_common.skc_num), __builtin_bswap16(BPF_CORE_READ(sk, __sk_common.skc_dport)))) {
		count(PNM_COUNTER_FILTERED);
		return 0;
	}
	if (process_filtered()) {
		/* connect() runs in the caller: the one transition whose task is the owner. */
		if (new_state == TCP_SYN_SENT) {
			struct comm_key comm;
			if (!current_is_wanted(pid_tgid, &comm, ACCESS_PROBE_READ))
				return 0;
			want_socket(cookie);
		} else if (!socket_wanted(cookie)) {
			count(PNM_COUNTER_FILTERED);
			return 0;
		}
	}

	struct pnm_sock_state_event *e = reserve(sizeof(*e));
	if (!e)
		return 0;
	fill_header(&e->header, PNM_EVENT_SOCK_STATE, pid_tgid);
	e->sock_id = (__u64)sk;
	e->cookie = cookie;
	read_endpoints(sk, family, e->local_addr, e->remote_addr, &e->local_port, &e->remote_port, ACCESS_BTF_SOCKET);
	e->family = family;
	e->old_state = old_state;
	e->new_state = new_state;
	submit(e, sizeof(*e));
	return 0;
}

static __always_inline int record_tcp_incident(struct sock *sk, __u8 incident, __u32 occurrences)
{
	if (!sk || !occurrences)
		return 0;
	__u64 cookie = socket_cookie(sk);
	if (!socket_wanted(cookie) ||
	    !ports_wanted(BPF_CORE_READ(sk, __sk_common.skc_num), __builtin_bswap16(BPF_CORE_READ(sk, __sk_common.skc_dport)))) {
		count(PNM_COUNTER_FILTERED);
		return 0;
	}
	struct pnm_tcp_incident_event *e = reserve(sizeof(*e));
	if (!e)
		return 0;
	fill_header(&e->header, PNM_EVENT_TCP_INCIDENT, bpf_get_current_pid_tgid());
	e->sock_id = (__u64)sk;
	e->cookie = cookie;
	e->incident = incident;
	e->state = BPF_CORE_READ(sk, __sk_common.skc_state);
	e->reserved16 = 0;
	e->count = occurrences;
	submit(e, sizeof(*e));
	return 0;
}

/* Per TCP socket: its total_retrans when its last retransmit was seen. */
struct {
	__uint(type, BPF_MAP_TYPE_SK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, __u32);
} retransmits_counted SEC(".maps");

/*
 * The segments the kernel counted as retransmitted (its RetransSegs, the socket's total_retrans) since
 * the socket's last retransmit seen: one skb may carry several segments, and a retransmit that fails
 * on its way out (err != 0) is counted all the same, before it is sent. The first on a socket counts
 * the segments of its skb if it left.
 */
static __always_inline __u32 retransmitted_segments(struct sock *sk, struct sk_buff *skb, int err)
{
	__u32 total = BPF_CORE_READ((struct tcp_sock *)sk, total_retrans);
	__u32 *counted = bpf_sk_storage_get(&retransmits_counted, sk, 0, 0);
	if (counted) {
		__u32 since = total - *counted;
		*counted = total;
		return since;
	}
	counted = bpf_sk_storage_get(&retransmits_counted, sk, 0, BPF_SK_STORAGE_GET_F_CREATE);
	if (counted)
		*counted = total;
	return err ? 0 : BPF_CORE_READ((struct tcp_skb_cb *)skb->cb, tcp_gso_segs);
}

/* Older kernels' tracepoint reports only retransmits that left. */
SEC("tp_btf/tcp_retransmit_skb")
int BPF_PROG(tcp_retransmit_skb, struct sock *sk, struct sk_buff *skb)
{
	return record_tcp_incident(sk, PNM_TCP_RETRANSMIT, retransmitted_segments(sk, skb, 0));
}

/* Newer kernels' tracepoint also reports retransmits that failed, whether or not the kernel counted them. */
SEC("tp_btf/tcp_retransmit_skb")
int BPF_PROG(tcp_retransmit_skb_err, struct sock *sk, struct sk_buff *skb, int err)
{
	return record_tcp_incident(sk, PNM_TCP_RETRANSMIT, retransmitted_segments(sk, skb, err));
}

SEC("tp_btf/tcp_send_reset")
int BPF_PROG(tcp_send_reset, struct sock *sk)
{
	return record_tcp_incident(sk, PNM_TCP_RESET_SENT, 1);
}

SEC("tp_btf/tcp_receive_reset")
int BPF_PROG(tcp_receive_reset, struct sock *sk)
{
	return record_tcp_incident(sk, PNM_TCP_RESET_RECEIVED, 1);
}

/* ---- owners of accepted sockets (syscall tracepoints: the only accept hook without kprobes) ---- */

/* The exit of an accept syscall as its tracepoint hands it over (events/syscalls/sys_exit_accept4/format). */
struct syscall_exit_args {
	__u64 common;
	__s64 syscall_nr;
	__s64 ret;
};

/* The socket behind a file descriptor of the current task, or NULL. */
static __always_inline struct sock *socket_of_fd(__s64 fd)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	if (!fdt || fd >= BPF_CORE_READ(fdt, max_fds))
		return NULL;
	struct file **files = BPF_CORE_READ(fdt, fd);
	struct file *file = NULL;
	if (bpf_probe_read_kernel(&file, sizeof(file), &files[fd]) || !file)
		return NULL;
	struct socket *socket = BPF_CORE_READ(file, private_data);
	return socket ? BPF_CORE_READ(socket, sk) : NULL;
}

/*
 * accept() runs in the process that takes the connection: the owner of a server socket, whether or
 * not it ever carries payload. Sockets without a cookie yet (no connection program made one) are
 * left to the I/O owner rule, which names them by cookie too.
 */
static __always_inline int record_accept(__s64 fd)
{
	if (fd < 0)
		return 0;
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct comm_key comm;
	if (!current_is_wanted(pid_tgid, &comm, ACCESS_PROBE_READ))
		return 0;
	struct sock *sk = socket_of_fd(fd);
	if (!sk || BPF_CORE_READ(sk, sk_protocol) != IPPROTO_TCP)
		return 0;
	__u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);
	__u64 cookie = cookie_if_made(sk);
	if ((family != AF_INET && family != AF_INET6) || !cookie)
		return 0;
	if ((family_filter && family != family_filter) ||
	    !ports_wanted(BPF_CORE_READ(sk, __sk_common.skc_num), __builtin_bswap16(BPF_CORE_READ(sk, __sk_common.skc_dport)))) {
		count(PNM_COUNTER_FILTERED);
		return 0;
	}
	want_socket(cookie);

	struct pnm_sock_accept_event *e = reserve(sizeof(*e));
	if (!e)
		return 0;
	fill_header(&e->header, PNM_EVENT_SOCK_ACCEPT, pid_tgid);
	e->sock_id = (__u64)sk;
	e->cookie = cookie;
	read_endpoints(sk, family, e->local_addr, e->remote_addr, &e->local_port, &e->remote_port, ACCESS_PROBE_READ);
	e->family = family;
	e->reserved = 0;
	__builtin_memcpy(e->comm, comm.comm, sizeof(e->comm));
	submit(e, sizeof(*e));
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_accept4")
int sys_exit_accept4(struct syscall_exit_args *ctx)
{
	return record_accept(ctx->ret);
}

SEC("tracepoint/syscalls/sys_exit_accept")
int sys_exit_accept(struct syscall_exit_args *ctx)
{
	return record_accept(ctx->ret);
}

SEC("raw_tp/sched_process_exec")
int BPF_PROG(sched_process_exec, struct task_struct *task, pid_t old_pid, struct linux_binprm *bprm)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct comm_key comm;
	bpf_get_current_comm(&comm.comm, sizeof(comm.comm));
	if (!is_wanted(pid_tgid >> 32, comm.comm))
		return 0;

	struct pnm_process_exec_event *e = reserve(sizeof(*e));
	if (!e)
		return 0;
	fill_header(&e->header, PNM_EVENT_PROCESS_EXEC, pid_tgid);
	e->parent_pid = BPF_CORE_READ(task, real_parent, tgid);
	e->reserved = 0;
	__builtin_memcpy(e->comm, comm.comm, sizeof(e->comm));
	const char *filename = BPF_CORE_READ(bprm, filename);
	if (bpf_probe_read_kernel_str(e->filename, sizeof(e->filename), filename) < 0)
		e->filename[0] = 0;
	submit(e, sizeof(*e));
	return 0;
}

SEC("raw_tp/sched_process_exit")
int BPF_PROG(sched_process_exit, struct task_struct *task)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	/* Threads exit one by one; the process is gone when its leader is. */
	if ((__u32)pid_tgid != (__u32)(pid_tgid >> 32))
		return 0;
	struct comm_key comm;
	if (!current_is_wanted(pid_tgid, &comm, ACCESS_PROBE_READ))
		return 0;

	struct pnm_process_exit_event *e = reserve(sizeof(*e));
	if (!e)
		return 0;
	fill_header(&e->header, PNM_EVENT_PROCESS_EXIT, pid_tgid);
	e->exit_code = BPF_CORE_READ(task, exit_code);
	e->reserved = 0;
	__builtin_memcpy(e->comm, comm.comm, sizeof(e->comm));
	submit(e, sizeof(*e));
	return 0;
}
