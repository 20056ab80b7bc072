/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Maps and helpers every netjfr object shares. Each object defines the maps; the loader
 * creates them once (with the first object) and hands the same fds to the others
 * (bpf_map__reuse_fd), so all hooks write one ring buffer and one set of counters.
 */
#ifndef NETJFR_COMMON_BPF_H
#define NETJFR_COMMON_BPF_H

#include "vmlinux_min.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_endian.h>
#include "netjfr.h"

#define AF_INET 2
#define AF_INET6 10

const volatile struct netjfr_config cfg = {};

/*
 * fentry and tp_btf programs get typed kernel pointers (BTF): a field loads directly, one
 * CO-RE relocated instruction, where kprobe and raw_tp programs need a helper call
 * (bpf_probe_read_kernel) per field. Handlers take `btf`, a constant in each program, and
 * read fields with READ; a NULL pointer reads as 0 either way.
 */
#define READ(btf, ptr, field) ((btf) ? (ptr)->field : BPF_CORE_READ(ptr, field))

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 * 1024 * 1024);
} rb SEC(".maps");

/*
 * Routed mode (the node daemon): each client process has a ring of its own, found by its
 * host tgid (key 0: the client with system scope, for every process without a ring), so a
 * client maps only its own records (zero copy, as rb). User space creates the rings; their
 * size need not match this template's (ring buffers as inner maps are matched by type).
 */
struct client_ring {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, CLIENT_RING_TEMPLATE);
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, MAX_CLIENTS);
	__type(key, __u32);
	__array(values, struct client_ring);
} client_rings SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_CLIENTS);
	__type(key, __u32);
	__type(value, struct client_config);
} clients SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, HOOK_COUNT);
	__type(key, __u32);
	__type(value, struct hook_stats);
} stats SEC(".maps");

/* Processes whose process_record was delivered; cleared on exec and exit. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32);
	__type(value, __u8);
} known_processes SEC(".maps");

/*
 * Counts the processes forgotten (process.bpf.c): a change voids every CPU's
 * last_announced. It moves on every exec and exit on the machine, not only the traced
 * processes', so where processes come and go all the time the cache hits less often.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} process_epoch SEC(".maps");

/* A process as of a process_epoch: what a CPU remembers of its last answer about one. */
struct tgid_epoch {
	__u32 tgid;
	__u32 _pad;
	__u64 epoch;
};

/*
 * The process this CPU announced last, as of which epoch: most events come from the
 * process before, and an array slot is far cheaper than the known_processes hash lookup.
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tgid_epoch);
} last_announced SEC(".maps");

/*
 * The current task's ids as the consumer's pid namespace sees them: host ids when the
 * consumer is in the initial namespace, else the kernel's translation; 0 for a task of
 * another namespace (bpf_get_ns_current_pid_tgid answers only for tasks directly in it).
 */
static __always_inline __u64 ids_in(const volatile struct pidns_id *ns, __u64 pid_tgid)
{
	struct bpf_pidns_info info;

	if (!ns->ino)
		return pid_tgid;
	if (bpf_get_ns_current_pid_tgid(ns->dev, ns->ino, &info, sizeof(info)))
		return 0;
	return (__u64)info.tgid << 32 | info.pid;
}

/* Routed: the client a process's records go to, its own or the one with system scope; NULL: none. */
static __always_inline struct client_config *client_of(__u32 tgid)
{
	struct client_config *c = bpf_map_lookup_elem(&clients, &tgid);

	if (c)
		return c;
	tgid = 0;
	return bpf_map_lookup_elem(&clients, &tgid);
}

/* The last process this CPU found no client for, as of which process_epoch (moved by every change of clients too). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tgid_epoch);
} last_unrouted SEC(".maps");

/*
 * Routed: whether no client wants this process's records. Most events on a node are of
 * processes no client asked for, and they come in runs: the CPU's last answer saves the
 * hash lookup until the epoch moves.
 */
static __always_inline bool unrouted(__u32 tgid)
{
	__u32 zero = 0;
	struct tgid_epoch *last = bpf_map_lookup_elem(&last_unrouted, &zero);
	__u64 *epoch = bpf_map_lookup_elem(&process_epoch, &zero);

	if (last && epoch && last->tgid == tgid && last->epoch == *epoch)
		return true;
	if (client_of(tgid))
		return false;
	if (last && epoch) {
		last->tgid = tgid;
		last->epoch = *epoch;
	}
	return true;
}

/* The process filters of struct netjfr_config: a client wants it (routed), pid, then the leader's comm. */
static __always_inline bool process_filtered_out(__u64 pid_tgid)
{
	struct task_struct *task;
	char comm[COMM_LEN] = {};
	int i;

	if (cfg.routed)
		return unrouted(pid_tgid >> 32);
	if (cfg.target_tgid && cfg.target_tgid != ids_in(&cfg.pidns, pid_tgid) >> 32)
		return true;
	if (!cfg.target_comm[0])
		return false;
	task = (struct task_struct *)bpf_get_current_task();
	BPF_CORE_READ_STR_INTO(&comm, task, group_leader, comm);
	for (i = 0; i < COMM_LEN; i++) {
		if (comm[i] != cfg.target_comm[i])
			return true;
		if (!comm[i])
			break;
	}
	return false;
}

/* The port filter: neither end of the connection uses the target port. */
static __always_inline bool port_filtered_out(__u16 sport, __u16 dport)
{
	return cfg.target_port && cfg.target_port != sport && cfg.target_port != dport;
}

/* The port filter applied to a socket's own ports. */
static __always_inline bool sock_filtered_out(const struct sock *sk)
{
	return cfg.target_port &&
	       port_filtered_out(BPF_CORE_READ(sk, __sk_common.skc_num),
				 bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport)));
}

/* Counts a record for the hook: delivered, or lost to a full ring; in the client's counters too (routed). */
static __always_inline void count_client(__u32 hook, bool lost, struct client_config *c)
{
	struct hook_stats *s = bpf_map_lookup_elem(&stats, &hook);

	if (s) {
		if (lost)
			s->lost++;
		else
			s->seen++;
	}
	if (!c)
		return;
	/* a mask, not a comparison: older verifiers (6.1) lose a compared bound across the calls */
	if (lost)
		__sync_fetch_and_add(&c->lost[hook & (CLIENT_HOOK_SLOTS - 1)], 1);
	else
		__sync_fetch_and_add(&c->seen[hook & (CLIENT_HOOK_SLOTS - 1)], 1);
}

static __always_inline void count(__u32 hook, bool lost)
{
	count_client(hook, lost, 0);
}

/*
 * A connection's identity in records. Routed records reach unprivileged clients, which must
 * not learn kernel addresses: there the address is mixed with a secret (an odd multiplier
 * keeps ids distinct) and with the connection's ports. The ports matter because a close
 * record can be lost (a full ring), and a new connection often reuses the same struct sock:
 * its ports tell it from the old one, whose state the client may still hold.
 */
static __always_inline __u64 sock_id(const struct sock *sk)
{
	__u64 v, ports;

	if (!cfg.routed)
		return (__u64)sk;
	/* the verifier allows no arithmetic on a socket pointer: copy its bits as a number */
	if (bpf_probe_read_kernel(&v, sizeof(v), &sk))
		return 0;
	/* inet_sport, not skc_num: the port's release zeroes skc_num before TCP_CLOSE's tracepoint fires */
	ports = (__u64)BPF_CORE_READ((struct inet_sock *)sk, inet_sport) << 16 | BPF_CORE_READ(sk, __sk_common.skc_dport);
	return (v ^ cfg.sock_key ^ ports << 32) * 0x9E3779B97F4A7C15ULL;
}

/*
 * The ring's own notification: the kernel wakes the reader only for a record committed
 * right where the reader caught up (consumer_pos), i.e. the first one after the ring was
 * empty. While the reader is busy it drains on a 1 ms timer instead of waiting in epoll
 * and keeps consumer_pos one record behind, so no commit signals (io.netjfr.bpf.Engine).
 */
static __always_inline __u64 submit_flags(void)
{
	return 0;
}

/* pid_tgid: the current task's host ids (bpf_get_current_pid_tgid); c: the client it goes to (routed) */
static __always_inline void fill_header(struct record_header *h, __u32 kind, __u64 pid_tgid,
					const struct client_config *c)
{
	const volatile struct pidns_id *ns = &cfg.pidns;
	__u64 ids;

	if (cfg.routed)
		ns = c ? &c->pidns : 0;
	ids = ns ? ids_in(ns, pid_tgid) : 0;
	h->kind = kind;
	h->pid = ids >> 32;
	h->tid = (__u32)ids;
	h->host_pid = pid_tgid >> 32;
	h->ktime_ns = bpf_ktime_get_ns();
	h->cgroup_id = bpf_get_current_cgroup_id();
	bpf_get_current_comm(h->comm, sizeof(h->comm));
}

/*
 * Reserves a record of this kind for the hook in the ring of this process (pid_tgid: host
 * ids), fills its header and counts it (a close record is not an event: not counted); NULL
 * when no consumer wants it, or the ring is full (then counted lost). Routed, the client is
 * looked up once here for the ring, the header's pid namespace and the counters.
 */
static __always_inline void *reserve_record(__u64 pid_tgid, __u32 hook, __u32 kind, __u64 size)
{
	struct client_config *c = 0;
	void *ring = &rb, *r;
	__u32 key = pid_tgid >> 32;

	if (cfg.routed) {
		ring = bpf_map_lookup_elem(&client_rings, &key);
		if (!ring) {
			key = 0;
			ring = bpf_map_lookup_elem(&client_rings, &key);
		}
		c = bpf_map_lookup_elem(&clients, &key);
		if (!ring || !c || !(c->hooks & (1 << hook)))
			return NULL;
	}
	r = bpf_ringbuf_reserve(ring, size, 0);
	if (!r) {
		count_client(hook, true, c);
		return NULL;
	}
	fill_header(r, kind, pid_tgid, c);
	if (kind != RECORD_CLOSE)
		count_client(hook, false, c);
	return r;
}

/*
 * Makes sure user space knows the current process's command line before the first
 * packet record that names it: captured here, in the kernel, because a short-lived
 * process (ping -c1) is gone before user space could read /proc.
 */
static __always_inline void announce_process(__u64 pid_tgid)
{
	__u32 tgid = pid_tgid >> 32, zero = 0;
	struct task_struct *task;
	struct process_record *r;
	struct tgid_epoch *last;
	unsigned long start, end, len;
	__u64 *epoch_now, epoch;
	__u8 one = 1;

	epoch_now = bpf_map_lookup_elem(&process_epoch, &zero);
	last = bpf_map_lookup_elem(&last_announced, &zero);
	if (!epoch_now || !last)
		return;
	epoch = *epoch_now;
	if (last->tgid == tgid && last->epoch == epoch)
		return;
	if (bpf_map_lookup_elem(&known_processes, &tgid))
		goto remember;
	r = reserve_record(pid_tgid, HOOK_PROCESS, RECORD_PROCESS, sizeof(*r));
	if (!r)
		return;
	task = (struct task_struct *)bpf_get_current_task();
	BPF_CORE_READ_STR_INTO(&r->comm, task, group_leader, comm);
	start = BPF_CORE_READ(task, mm, arg_start);
	end = BPF_CORE_READ(task, mm, arg_end);
	len = end > start ? end - start : 0;
	r->cmdline_truncated = len >= CMDLINE_MAX;
	if (len >= CMDLINE_MAX)
		len = CMDLINE_MAX - 1;
	len &= CMDLINE_MAX - 1; /* a bound the verifier can see */
	if (len && bpf_probe_read_user(r->cmdline, len, (void *)start))
		len = 0;
	r->cmdline_len = len;
	bpf_ringbuf_submit(r, 0);
	bpf_map_update_elem(&known_processes, &tgid, &one, BPF_ANY);
remember:
	last->tgid = tgid;
	last->epoch = epoch;
}

static __always_inline void read_sock_addresses(bool btf, const struct sock *sk, __u8 *family,
						__u8 saddr[16], __u8 daddr[16],
						__u16 *sport, __u16 *dport)
{
	*family = READ(btf, sk, __sk_common.skc_family);
	*sport = READ(btf, sk, __sk_common.skc_num);
	*dport = bpf_ntohs(READ(btf, sk, __sk_common.skc_dport));
	if (*family == AF_INET6) {
		if (btf) {
			__builtin_memcpy(saddr, sk->__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr8, 16);
			__builtin_memcpy(daddr, sk->__sk_common.skc_v6_daddr.in6_u.u6_addr8, 16);
		} else {
			bpf_core_read(saddr, 16, &sk->__sk_common.skc_v6_rcv_saddr);
			bpf_core_read(daddr, 16, &sk->__sk_common.skc_v6_daddr);
		}
	} else {
		__be32 s = READ(btf, sk, __sk_common.skc_rcv_saddr);
		__be32 d = READ(btf, sk, __sk_common.skc_daddr);

		__builtin_memcpy(saddr, &s, 4);
		__builtin_memcpy(daddr, &d, 4);
	}
}

/* A socket a process opened has a file; the kernel's own sockets (ICMP replies, resets) do not. */
static __always_inline bool owned_by_process(bool btf, const struct sock *sk)
{
	struct socket *so = READ(btf, sk, sk_socket);

	return so && READ(btf, so, file);
}

char LICENSE[] SEC("license") = "GPL";

#endif
