/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Packets, from cgroup_skb programs on the cgroup v2 root: per socket, interface, direction and
 * remote endpoint, packets and wire bytes (L3 length) are summed in the kernel. Two maps take
 * turns: the recorder switches `active_flow_map` once a second and drains the other map, which
 * no program writes any more, so no count is lost between a read and a delete. The key and
 * counts are struct pnm_flow_key and pnm_flow_counts of the ABI header.
 */
#ifndef PNM_PACKETS_BPF_H
#define PNM_PACKETS_BPF_H

#include "capture.bpf.h"

#define FLOW_MAP(name)                                   \
	struct {                                         \
		__uint(type, BPF_MAP_TYPE_HASH);         \
		__uint(max_entries, 65536);              \
		__type(key, struct pnm_flow_key);        \
		__type(value, struct pnm_flow_counts);   \
	} name SEC(".maps")

FLOW_MAP(flows_0);
FLOW_MAP(flows_1);

/* Written by the recorder while running. */
volatile __u32 active_flow_map = 0;
/* Packets not counted because the active flow map was full. */
__u64 flow_updates_lost = 0;

/* With --iface: the interfaces to count; the sockets seen on them go to iface_sockets. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u8);
} iface_filter SEC(".maps");

/* Per socket: how many of its payload-bearing packets have been shown to the recorder. */
#define PAYLOAD_PACKETS_INSPECTED 3

/* Socket storage: found through the socket itself, no hashing, and gone with the socket. */
struct {
	__uint(type, BPF_MAP_TYPE_SK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, __u8);
} inspected_sockets SEC(".maps");

/*
 * A header read in place, or NULL past the end of the linear data. The kernel has the IP and the
 * TCP/UDP headers there by the time these programs run: output builds them there, and input pulls
 * them there (ip_rcv, tcp_v4_rcv, __udp4_lib_rcv and their IPv6 twins) before the socket filter.
 */
#define HEADER_AT(skb, offset, type)                                                                  \
	({                                                                                            \
		void *data_ = (void *)(long)(skb)->data, *data_end_ = (void *)(long)(skb)->data_end; \
		type *header_ = data_ + (offset);                                                     \
		(void *)(header_ + 1) <= data_end_ ? header_ : NULL;                                  \
	})

struct l4_ports {
	__u16 source;
	__u16 destination;
};

struct ipv4_header {
	__u8 version_ihl;
	__u8 tos;
	__u16 total_length;
	__u16 id;
	__u16 fragment;
	__u8 ttl;
	__u8 protocol;
	__u16 checksum;
	__u32 saddr;
	__u32 daddr;
};

struct ipv6_header {
	__u32 version_class_flow;
	__u16 payload_length;
	__u8 next_header;
	__u8 hop_limit;
	__u32 saddr[4];
	__u32 daddr[4];
};

/* Counts a packet; returns the flow's counts when it existed before this packet. */
static __always_inline struct pnm_flow_counts *add_to_flow(void *flows, struct pnm_flow_key *key, __u64 bytes)
{
	struct pnm_flow_counts *counts = bpf_map_lookup_elem(flows, key);
	if (!counts) {
		struct pnm_flow_counts first = { .packets = 1, .bytes = bytes };
		long err = bpf_map_update_elem(flows, key, &first, BPF_NOEXIST);
		if (err == 0)
			return NULL;
		if (err != -EEXIST) {
			__sync_fetch_and_add(&flow_updates_lost, 1);
			return NULL;
		}
		/* Another CPU made it first. */
		counts = bpf_map_lookup_elem(flows, key);
		if (!counts)
			return NULL;
	}
	__sync_fetch_and_add(&counts->packets, 1);
	__sync_fetch_and_add(&counts->bytes, bytes);
	return counts;
}

/*
 * The first bytes of a socket's first few payload-bearing packets go to the recorder, which
 * classifies them. Returns whether the socket had shown all of them already.
 */
static __always_inline bool show_payload_prefix(struct __sk_buff *skb, const struct pnm_flow_key *key, __u32 l4_offset,
						__u16 local_port)
{
	__u32 payload_offset = l4_offset + 8;
	if (key->protocol == IPPROTO_TCP) {
		const __u8 *data_offset = HEADER_AT(skb, l4_offset + 12, const __u8);
		if (!data_offset)
			return false;
		payload_offset = l4_offset + (*data_offset >> 4) * 4;
	}
	if (skb->len <= payload_offset)
		return false;
	/* Request and time-wait sockets carry no payload, and have no storage. */
	struct bpf_sock *sk = skb->sk;
	if (sk)
		sk = bpf_sk_fullsock(sk);
	if (!sk)
		return false;
	__u8 *shown = bpf_sk_storage_get(&inspected_sockets, sk, 0, BPF_SK_STORAGE_GET_F_CREATE);
	if (!shown)
		return false;
	if (*shown >= PAYLOAD_PACKETS_INSPECTED)
		return true;
	*shown += 1;

	struct pnm_payload_prefix_event *e = reserve(sizeof(*e));
	if (!e)
		return false;
	/* No task here: packets may arrive in softirq, and older kernels refuse the pid helper in cgroup_skb. */
	fill_header(&e->header, PNM_EVENT_PAYLOAD_PREFIX, 0);
	e->cookie = key->cookie;
	e->local_port = local_port;
	e->remote_port = key->remote_port;
	e->protocol = key->protocol;
	e->direction = key->direction;
	/* Constant sizes only, largest that fits: a variable length is hard to prove bounded here. */
	__u32 available = skb->len - payload_offset;
	__u16 length = available >= 64 ? 64 : available >= 48 ? 48 : available >= 32 ? 32 : available >= 24 ? 24
		     : available >= 16 ? 16 : available >= 8 ? 8 : 0;
	__builtin_memset(e->data, 0, sizeof(e->data));
	long err = -1;
	switch (length) {
	case 64: err = bpf_skb_load_bytes(skb, payload_offset, e->data, 64); break;
	case 48: err = bpf_skb_load_bytes(skb, payload_offset, e->data, 48); break;
	case 32: err = bpf_skb_load_bytes(skb, payload_offset, e->data, 32); break;
	case 24: err = bpf_skb_load_bytes(skb, payload_offset, e->data, 24); break;
	case 16: err = bpf_skb_load_bytes(skb, payload_offset, e->data, 16); break;
	case 8: err = bpf_skb_load_bytes(skb, payload_offset, e->data, 8); break;
	}
	e->length = err < 0 ? 0 : length;
	submit(e, sizeof(*e));
	return false;
}

static __always_inline int account_packet(struct __sk_buff *skb, __u8 direction)
{
	__u32 ifindex = skb->ifindex;
	if (filter_by_iface && !bpf_map_lookup_elem(&iface_filter, &ifindex))
		return 1;

	struct pnm_flow_key key = {};
	__u32 l4_offset;
	/* Every IP packet has 20 bytes of header: the IPv4 header, or the start of the IPv6 one. */
	const struct ipv4_header *ip = HEADER_AT(skb, 0, const struct ipv4_header);
	if (!ip)
		return 1;
	if ((ip->version_ihl >> 4) == 4) {
		__u32 remote = direction == PNM_DIRECTION_TX ? ip->daddr : ip->saddr;
		__builtin_memcpy(key.remote_addr, &remote, sizeof(remote));
		key.family = AF_INET;
		key.protocol = ip->protocol;
		l4_offset = (ip->version_ihl & 0xf) * 4;
	} else if ((ip->version_ihl >> 4) == 6) {
		const struct ipv6_header *ip6 = HEADER_AT(skb, 0, const struct ipv6_header);
		if (!ip6)
			return 1;
		__builtin_memcpy(key.remote_addr, direction == PNM_DIRECTION_TX ? ip6->daddr : ip6->saddr, sizeof(key.remote_addr));
		key.family = AF_INET6;
		key.protocol = ip6->next_header;
		l4_offset = sizeof(*ip6);
	} else {
		return 1;
	}
	if (family_filter && key.family != family_filter)
		return 1;
	__u16 local_port = 0;
	if (key.protocol == IPPROTO_TCP || key.protocol == IPPROTO_UDP) {
		const struct l4_ports *ports = HEADER_AT(skb, l4_offset, const struct l4_ports);
		if (ports) {
			key.remote_port = __builtin_bswap16(direction == PNM_DIRECTION_TX ? ports->destination : ports->source);
			local_port = __builtin_bswap16(direction == PNM_DIRECTION_TX ? ports->source : ports->destination);
		}
	}
	if (!ports_wanted(local_port, key.remote_port))
		return 1;
	key.cookie = bpf_get_socket_cookie(skb);
	if (!socket_wanted(key.cookie))
		return 1;
	key.ifindex = ifindex;
	key.direction = direction;
	struct pnm_flow_counts *counts = active_flow_map ? add_to_flow(&flows_1, &key, skb->len) : add_to_flow(&flows_0, &key, skb->len);
	/* A flow that found its socket done spares its later packets the socket storage lookup. */
	if (key.cookie && (key.protocol == IPPROTO_TCP || key.protocol == IPPROTO_UDP) && !(counts && counts->payload_shown) &&
	    show_payload_prefix(skb, &key, l4_offset, local_port) && counts)
		counts->payload_shown = 1;
	if (filter_by_iface && key.cookie) {
		__u8 seen = 1;
		bpf_map_update_elem(&iface_sockets, &key.cookie, &seen, BPF_ANY);
	}
	return 1;
}

SEC("cgroup_skb/egress")
int packets_egress(struct __sk_buff *skb)
{
	return account_packet(skb, PNM_DIRECTION_TX);
}

SEC("cgroup_skb/ingress")
int packets_ingress(struct __sk_buff *skb)
{
	return account_packet(skb, PNM_DIRECTION_RX);
}

#endif /* PNM_PACKETS_BPF_H */
