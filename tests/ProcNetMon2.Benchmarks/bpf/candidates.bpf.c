// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Candidate packet-accounting paths, measured by pnm-bench capture beside `pnm record --no-packets`
 * against pnm's cgroup_skb programs. Not used by pnm. Built by tests/ProcNetMon2.Benchmarks/bpf/build.sh.
 *   tp_*_nowork     BTF tracepoints on every packet (net_dev_start_xmit, netif_receive_skb), returning at once
 *   tp_*            the same, adding every packet to pnm's flow map (packets.bpf.h's add_to_flow) as the cgroup_skb programs do
 *                   (egress keyed by skb->sk's cookie; ingress has no socket yet, cookie 0)
 *   sock_datagram_* the socket tracepoints counting one UDP datagram per call, interface from the
 *                   socket's cached route
 */
#include "packets.bpf.h"
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct net_device {
	int ifindex;
} __attribute__((preserve_access_index));

struct dst_entry {
	struct net_device *dev;
} __attribute__((preserve_access_index));

struct sock___dst {
	struct dst_entry *sk_dst_cache;
} __attribute__((preserve_access_index));

/* The fields read here; "___packet" is a CO-RE flavor of the kernel's struct sk_buff. */
struct sk_buff___packet {
	struct sock *sk;
	struct net_device *dev;
	unsigned int len;
	int skb_iif;
	__u16 network_header;
	unsigned char *head;
	unsigned char *data;
} __attribute__((preserve_access_index));

SEC("tp_btf/net_dev_start_xmit")
int BPF_PROG(tp_egress_nowork, struct sk_buff___packet *skb, struct net_device *dev)
{
	return 0;
}

SEC("tp_btf/netif_receive_skb")
int BPF_PROG(tp_ingress_nowork, struct sk_buff___packet *skb)
{
	return 0;
}

/* The IPv4 header and the ports after it, read with one copy. */
struct ip_start {
	struct ipv4_header ip;
	struct l4_ports ports;
};

static __always_inline int account_skb(struct sk_buff___packet *skb, __u32 ifindex, __u64 cookie, __u8 direction)
{
	unsigned char *head = skb->head;
	__u16 network = skb->network_header;
	struct ip_start ip;
	if (bpf_probe_read_kernel(&ip, sizeof(ip), head + network))
		return 0;
	if ((ip.ip.version_ihl >> 4) != 4 || (ip.ip.version_ihl & 0xf) != 5)
		return 0;
	struct pnm_flow_key key = {};
	__u32 remote = direction == PNM_DIRECTION_TX ? ip.ip.daddr : ip.ip.saddr;
	__builtin_memcpy(key.remote_addr, &remote, sizeof(remote));
	key.family = AF_INET;
	key.protocol = ip.ip.protocol;
	key.remote_port = __builtin_bswap16(direction == PNM_DIRECTION_TX ? ip.ports.destination : ip.ports.source);
	key.cookie = cookie;
	key.ifindex = ifindex;
	key.direction = direction;
	__u32 ip_length = skb->len - (network - (__u32)(skb->data - head));
	add_to_flow(&flows_0, &key, ip_length);
	return 0;
}

SEC("tp_btf/net_dev_start_xmit")
int BPF_PROG(tp_egress, struct sk_buff___packet *skb, struct net_device *dev)
{
	struct sock *sk = skb->sk;
	__u64 cookie = sk ? sk->__sk_common.skc_cookie.counter : 0;
	return account_skb(skb, dev->ifindex, cookie, PNM_DIRECTION_TX);
}

SEC("tp_btf/netif_receive_skb")
int BPF_PROG(tp_ingress, struct sk_buff___packet *skb)
{
	return account_skb(skb, skb->dev->ifindex, 0, PNM_DIRECTION_RX);
}

static __always_inline int account_datagram(struct sock *sk, int ret, __u8 direction)
{
	if (ret <= 0 || !sk || sk->sk_protocol != IPPROTO_UDP)
		return 0;
	__u16 family = sk->__sk_common.skc_family;
	if (family != AF_INET && family != AF_INET6)
		return 0;
	__u64 cookie = sk->__sk_common.skc_cookie.counter;
	if (!cookie)
		cookie = bpf_get_socket_cookie(sk);
	struct pnm_flow_key key = {};
	struct dst_entry *dst = ((struct sock___dst *)sk)->sk_dst_cache;
	key.ifindex = dst ? dst->dev->ifindex : 0;
	__u32 remote = sk->__sk_common.skc_daddr;
	__builtin_memcpy(key.remote_addr, &remote, sizeof(remote));
	key.remote_port = __builtin_bswap16(sk->__sk_common.skc_dport);
	key.family = family;
	key.protocol = IPPROTO_UDP;
	key.cookie = cookie;
	key.direction = direction;
	add_to_flow(&flows_0, &key, ret + 8 + (family == AF_INET ? 20 : 40));
	return 0;
}

SEC("tp_btf/sock_send_length")
int BPF_PROG(sock_datagram_send, struct sock *sk, int ret, int flags)
{
	return account_datagram(sk, ret, PNM_DIRECTION_TX);
}

SEC("tp_btf/sock_recv_length")
int BPF_PROG(sock_datagram_recv, struct sock *sk, int ret, int flags)
{
	return (flags & MSG_PEEK) ? 0 : account_datagram(sk, ret, PNM_DIRECTION_RX);
}
