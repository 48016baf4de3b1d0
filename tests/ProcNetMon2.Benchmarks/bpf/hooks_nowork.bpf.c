// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Per-packet hooks that return at once, for hook-cost.sh: what the kernel's hook costs a datagram before
 * any packet accounting, for pnm's kind of hook (cgroup_skb at the cgroup v2 root) and for tc (clsact on lo).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("cgroup_skb/egress")
int cgroup_egress(struct __sk_buff *skb) { return 1; }

SEC("cgroup_skb/ingress")
int cgroup_ingress(struct __sk_buff *skb) { return 1; }

SEC("tc")
int tc_nowork(struct __sk_buff *skb) { return 0; }
