// SPDX-License-Identifier: GPL-2.0
/*
 * ICMP and ICMPv6 packets sent by processes. One handler, attached by the first mode
 * the kernel allows (the loader picks by program name prefix icmp_<mode>):
 * fentry / kprobe on ip_finish_output + ip6_finish_output, tp_btf / raw_tp / classic
 * tracepoint on net/net_dev_queue.
 */
#include "common.bpf.h"
#include "settings.bpf.h"

#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86DD
#define IPPROTO_ICMP 1
#define IPPROTO_ICMPV6 58
#define IPPROTO_FRAGMENT 44 /* IPv6 fragment header */
#define IP_OFFSET 0x1fff     /* IPv4 fragment offset, in 8-byte units */
#define IP6_OFFSET 0xfff8    /* IPv6 fragment offset, in bytes */
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define TCP_TIME_WAIT 6
#define TCP_NEW_SYN_RECV 12

struct iphdr_min {
	__u8 ihl_version;
	__u8 tos;
	__be16 tot_len;
	__be16 id;
	__be16 frag_off;
	__u8 ttl;
	__u8 protocol;
	__u16 check;
	__be32 saddr;
	__be32 daddr;
};

struct ipv6hdr_min {
	__be32 flow;
	__be16 payload_len;
	__u8 nexthdr;
	__u8 hop_limit;
	__u8 saddr[16];
	__u8 daddr[16];
};

struct frag_hdr_min {
	__u8 nexthdr;
	__u8 reserved;
	__be16 frag_off;
	__be32 identification;
};

struct icmphdr_min {
	__u8 type;
	__u8 code;
	__u16 checksum;
	__be16 id;
	__be16 sequence;
};

/*
 * The connection state at the start of every socket (struct sock_common; CO-RE matches it
 * without the ___ suffix). preserve_access_index: typed loads (fentry, tp_btf) are relocated too.
 */
struct __attribute__((preserve_access_index)) sock_common___state {
	volatile unsigned char skc_state;
};

/* An IPv4 header without options and its ICMP header, read at once. */
struct ip_icmp {
	struct iphdr_min ip;
	struct icmphdr_min icmp;
};

/* ICMP summaries (live_settings.summarize & SUMMARY_ICMP): every packet, recorded or not. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, MAX_ICMP_SUMMARIES);
	__type(key, struct icmp_summary_key);
	__type(value, struct icmp_summary_value);
} icmp_summaries SEC(".maps");

/* One more packet of this process to daddr, of this type, and whether a record was made of it. */
static __always_inline void summarize_icmp(const struct live_settings *s, __u64 pid_tgid, __u8 family, __u8 type,
					   const __u8 *daddr, __u32 length, bool recorded)
{
	struct icmp_summary_value *v, fresh = {};
	struct icmp_summary_key k = {};
	struct task_struct *task;

	if (!s || !(s->summarize & SUMMARY_ICMP))
		return;
	k.host_pid = pid_tgid >> 32;
	k.family = family;
	k.icmp_type = type;
	__builtin_memcpy(k.daddr, daddr, 16);
	v = bpf_map_lookup_elem(&icmp_summaries, &k);
	if (!v) {
		task = (struct task_struct *)bpf_get_current_task();
		BPF_CORE_READ_STR_INTO(&fresh.comm, task, group_leader, comm);
		bpf_map_update_elem(&icmp_summaries, &k, &fresh, 1 /* BPF_NOEXIST: another CPU may have just added it */);
		v = bpf_map_lookup_elem(&icmp_summaries, &k);
		if (!v)
			return;
	}
	__sync_fetch_and_add(&v->packets, 1);
	__sync_fetch_and_add(&v->bytes, length);
	if (!recorded)
		__sync_fetch_and_add(&v->unrecorded, 1);
}

static __always_inline int handle_skb(bool btf, struct sk_buff *skb)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct live_settings *s;
	struct icmphdr_min icmp;
	bool recorded;
	struct icmp_record *r;
	struct sock *sk;
	unsigned char *head;
	__u16 net_off, proto;
	__u8 family, l4, state, saddr[16] = {}, daddr[16] = {};
	__u32 length;

	/* ICMP has no ports: with a port filter the loader does not attach this hook */
	if (process_filtered_out(pid_tgid))
		return 0;
	sk = READ(btf, skb, sk);
	if (!sk)
		return 0;
	/*
	 * A SYN-ACK goes out on a request sock, a reply in TIME_WAIT on a timewait sock: both end
	 * after sock_common, so sk_protocol and sk_socket would be read from another object (and
	 * on 5.10 a fault in such a read of an fentry program panics the kernel: kernel-matrix)
	 */
	state = READ(btf, (struct sock_common___state *)sk, skc_state);
	if (state == TCP_NEW_SYN_RECV || state == TCP_TIME_WAIT)
		return 0;
	/* most packets are TCP or UDP: their socket says so without a look at the packet */
	proto = READ(btf, sk, sk_protocol);
	if (proto == IPPROTO_TCP || proto == IPPROTO_UDP)
		return 0;
	/* echo replies and errors go out on kernel sockets, in whatever task is current */
	if (!owned_by_process(btf, sk))
		return 0;
	head = READ(btf, skb, head);
	net_off = READ(btf, skb, network_header);
	proto = bpf_ntohs(READ(btf, skb, protocol));
	if (proto == ETH_P_IP) {
		struct ip_icmp p;

		/* one read for both headers; a second one only when the IP header has options */
		if (bpf_probe_read_kernel(&p, sizeof(p), head + net_off))
			return 0;
		/*
		 * net_dev_queue sees each fragment of a datagram larger than the MTU: the first
		 * stands for the packet (its length is that fragment's), the others hold no ICMP header
		 */
		if (p.ip.protocol != IPPROTO_ICMP || (p.ip.frag_off & bpf_htons(IP_OFFSET)))
			return 0;
		family = AF_INET;
		length = bpf_ntohs(p.ip.tot_len);
		__builtin_memcpy(saddr, &p.ip.saddr, 4);
		__builtin_memcpy(daddr, &p.ip.daddr, 4);
		l4 = (p.ip.ihl_version & 0x0f) * 4;
		if (l4 == sizeof(p.ip))
			icmp = p.icmp;
		else if (bpf_probe_read_kernel(&icmp, sizeof(icmp), head + net_off + l4))
			return 0;
	} else if (proto == ETH_P_IPV6) {
		struct ipv6hdr_min ip6;
		struct frag_hdr_min frag;
		__u32 l4_off = sizeof(ip6);

		if (bpf_probe_read_kernel(&ip6, sizeof(ip6), head + net_off))
			return 0;
		/* a fragmented packet: its first fragment, whose fragment header precedes the ICMPv6 one */
		if (ip6.nexthdr == IPPROTO_FRAGMENT) {
			if (bpf_probe_read_kernel(&frag, sizeof(frag), head + net_off + l4_off) ||
			    (frag.frag_off & bpf_htons(IP6_OFFSET)))
				return 0;
			ip6.nexthdr = frag.nexthdr;
			l4_off += sizeof(frag);
		}
		if (ip6.nexthdr != IPPROTO_ICMPV6)
			return 0;
		family = AF_INET6;
		length = bpf_ntohs(ip6.payload_len) + sizeof(ip6);
		__builtin_memcpy(saddr, ip6.saddr, 16);
		__builtin_memcpy(daddr, ip6.daddr, 16);
		if (bpf_probe_read_kernel(&icmp, sizeof(icmp), head + net_off + l4_off))
			return 0;
	} else {
		return 0;
	}

	s = settings_for(pid_tgid >> 32);
	recorded = packet_admitted(s, pid_tgid >> 32, SETTINGS_ICMP, family, daddr);
	summarize_icmp(s, pid_tgid, family, icmp.type, daddr, length, recorded);
	if (!recorded)
		return 0;
	announce_process(pid_tgid);
	r = reserve_record(pid_tgid, HOOK_ICMP, RECORD_ICMP, sizeof(*r));
	if (!r)
		return 0;
	r->family = family;
	r->icmp_type = icmp.type;
	r->icmp_code = icmp.code;
	r->_pad = 0;
	r->icmp_id = icmp.id;
	r->icmp_sequence = icmp.sequence;
	r->length = length;
	r->_pad2 = 0;
	__builtin_memcpy(r->saddr, saddr, 16);
	__builtin_memcpy(r->daddr, daddr, 16);
	bpf_ringbuf_submit(r, submit_flags());
	return 0;
}

SEC("fentry/ip_finish_output")
int BPF_PROG(icmp_fentry_v4, void *net, struct sock *sk, struct sk_buff *skb)
{
	return handle_skb(true, skb);
}

SEC("fentry/ip6_finish_output")
int BPF_PROG(icmp_fentry_v6, void *net, struct sock *sk, struct sk_buff *skb)
{
	return handle_skb(true, skb);
}

SEC("kprobe/ip_finish_output")
int BPF_KPROBE(icmp_kprobe_v4, void *net, struct sock *sk, struct sk_buff *skb)
{
	return handle_skb(false, skb);
}

SEC("kprobe/ip6_finish_output")
int BPF_KPROBE(icmp_kprobe_v6, void *net, struct sock *sk, struct sk_buff *skb)
{
	return handle_skb(false, skb);
}

SEC("tp_btf/net_dev_queue")
int BPF_PROG(icmp_tp_btf, struct sk_buff *skb)
{
	return handle_skb(true, skb);
}

SEC("raw_tp/net_dev_queue")
int BPF_PROG(icmp_raw_tp, struct sk_buff *skb)
{
	return handle_skb(false, skb);
}

/* Layout of /sys/kernel/tracing/events/net/net_dev_queue/format after the common fields. */
struct net_dev_template_args {
	__u64 common;
	void *skbaddr;
};

SEC("tracepoint/net/net_dev_queue")
int icmp_tracepoint(struct net_dev_template_args *args)
{
	return handle_skb(false, args->skbaddr);
}
