/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What every program of pnm.bpf.o shares: the configuration the recorder sets before load, the
 * ring and its counters, the socket filters, and the helpers that reserve, fill and submit an
 * event. Included first by each part of the object (pnm.bpf.c, packets.bpf.h), as libbpf-tools
 * includes maps.bpf.h: no part calls into another.
 */
#ifndef PNM_CAPTURE_BPF_H
#define PNM_CAPTURE_BPF_H

#include "vmlinux_min.h"
#include <bpf/bpf_helpers.h>
#include "pnm_abi.h"

/* Set by the recorder before load. */
const volatile __u32 recorder_tgid = 0;
const volatile bool filter_by_pid = false;
const volatile bool filter_by_comm = false;
/* With --iface: packets on other interfaces are not counted, and only sockets seen on these record I/O. */
const volatile bool filter_by_iface = false;
/* With --cgroup/--container: only tasks in these cgroup v2 ids (the recorder adds descendants). */
const volatile bool filter_by_cgroup = false;
/* With --port: only sockets with one of these ports at either end. */
const volatile bool filter_by_port = false;
/* With --family: AF_INET or AF_INET6 only; 0 for both. */
const volatile __u16 family_filter = 0;
/* Wake the consumer only once this much is waiting; it polls on a short timer anyway. */
const volatile __u64 wakeup_threshold_bytes = 256 * 1024;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 * 1024 * 1024);
} events SEC(".maps");

/* Per CPU, indexed by enum pnm_capture_counter. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, PNM_CAPTURE_COUNTERS);
	__type(key, __u32);
	__type(value, __u64);
} capture_counters SEC(".maps");

/* The most bytes seen waiting in the ring since the recorder last reset it. */
__u64 ring_fill_peak = 0;

/*
 * With --pid or --comm: the sockets of wanted processes (by cookie). Lifecycle, incidents, payload
 * and packets have no owning task where they happen (softirq), so they pass only for these.
 */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, __u64);
	__type(value, __u8);
} wanted_sockets SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, __u16);
	__type(value, __u8);
} port_filter SEC(".maps");

/* With --iface: the sockets seen on a counted interface (by the packet programs), whose I/O is recorded. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, __u64);
	__type(value, __u8);
} iface_sockets SEC(".maps");

static __always_inline bool ports_wanted(__u16 local_port, __u16 remote_port)
{
	return !filter_by_port || bpf_map_lookup_elem(&port_filter, &local_port) || bpf_map_lookup_elem(&port_filter, &remote_port);
}

static __always_inline bool process_filtered(void)
{
	return filter_by_pid || filter_by_comm || filter_by_cgroup;
}

static __always_inline void want_socket(__u64 cookie)
{
	__u8 yes = 1;
	if (cookie && process_filtered())
		bpf_map_update_elem(&wanted_sockets, &cookie, &yes, BPF_ANY);
}

static __always_inline bool socket_wanted(__u64 cookie)
{
	return !process_filtered() || (cookie && bpf_map_lookup_elem(&wanted_sockets, &cookie));
}

static __always_inline void count(__u32 counter)
{
	__u64 *value = bpf_map_lookup_elem(&capture_counters, &counter);
	if (value)
		__sync_fetch_and_add(value, 1);
}

static __always_inline void *reserve(__u64 size)
{
	void *e = bpf_ringbuf_reserve(&events, size, 0);
	if (!e)
		count(PNM_COUNTER_LOST);
	return e;
}

/*
 * Wake the consumer only when this record makes the backlog cross the threshold. Waking on every
 * record past it would cost a wake-up per event exactly when the consumer is already behind;
 * the consumer polls on a short timer, so a missed crossing only delays, never loses.
 */
static __always_inline void submit(void *e, __u64 size)
{
	__u64 waiting = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);
	if (waiting > ring_fill_peak)
		ring_fill_peak = waiting;
	count(PNM_COUNTER_SUBMITTED);
	bool crossed = waiting >= wakeup_threshold_bytes && waiting < wakeup_threshold_bytes + size + BPF_RINGBUF_HDR_SZ;
	bpf_ringbuf_submit(e, crossed ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP);
}

static __always_inline void fill_header(struct pnm_event_header *h, __u16 kind, __u64 pid_tgid)
{
	h->timestamp_ns = bpf_ktime_get_ns();
	h->pid = pid_tgid >> 32;
	h->tid = (__u32)pid_tgid;
	h->kind = kind;
	h->reserved16 = 0;
	h->reserved32 = 0;
}

#endif /* PNM_CAPTURE_BPF_H */
