// SPDX-License-Identifier: GPL-2.0
/*
 * HTTP/1.x request heads sent over TCP (IPv4 and IPv6). A send that begins with an
 * HTTP method is captured (its first HTTP_HEAD_MAX bytes); when that head does not end
 * within the capture, the next sends on the same socket are captured as continuations
 * so user space can assemble a head written in pieces. Everything else costs one map
 * lookup. Modes: fentry / kprobe on tcp_sendmsg, tp_btf / raw_tp on tcp_sendmsg_locked
 * (the classic tracepoint has no access to the payload).
 */
#include "common.bpf.h"

struct head_state {
	__u64 msg;          /* msghdr of the send last captured */
	__u32 tid;
	__u32 start_seq;    /* tcp write_seq when that send started */
	__u32 len;          /* its length */
	__u8 open;          /* head started, end not seen yet */
	__u8 continuations;
	__u16 _pad;
};

/* Per-socket state of the request head being written; LRU so closed sockets age out. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, __u64);
	__type(value, struct head_state);
} heads SEC(".maps");

struct payload {
	const char *base;   /* user address of the bytes about to be copied */
	__u64 avail;        /* contiguous bytes there */
	__u64 remaining;    /* bytes left in this send */
};

/* Where the send's data is now, across the iov_iter layouts of 5.x, 6.0-6.3 and 6.4+. */
static __always_inline bool read_payload(struct msghdr *msg, struct payload *p)
{
	struct iov_iter *it = __builtin_preserve_access_index(&msg->msg_iter);
	const struct iovec *iov;
	__u64 off, iov_len;

	off = BPF_CORE_READ(it, iov_offset);
	p->remaining = BPF_CORE_READ(it, count);
	if (bpf_core_field_exists(it->iter_type)) {
		__u8 type = BPF_CORE_READ(it, iter_type);

		if (bpf_core_enum_value_exists(enum iter_type, ITER_UBUF) &&
		    type == bpf_core_enum_value(enum iter_type, ITER_UBUF)) {
			p->base = (const char *)BPF_CORE_READ(it, ubuf) + off;
			p->avail = p->remaining;
			return true;
		}
		if (type != bpf_core_enum_value(enum iter_type, ITER_IOVEC))
			return false;
		if (bpf_core_field_exists(it->__iov))
			iov = BPF_CORE_READ(it, __iov);
		else
			iov = BPF_CORE_READ((struct iov_iter___v60 *)it, iov);
	} else {
		struct iov_iter___v5 *old = (void *)it;

		if (!(BPF_CORE_READ(old, type) & bpf_core_enum_value(enum iter_type, ITER_IOVEC)))
			return false;
		iov = BPF_CORE_READ(old, iov);
	}
	p->base = (const char *)BPF_CORE_READ(iov, iov_base) + off;
	iov_len = BPF_CORE_READ(iov, iov_len);
	p->avail = iov_len > off ? iov_len - off : 0;
	return true;
}

static __always_inline bool is_method(const char b[8])
{
	switch (b[0]) {
	case 'G': return b[1] == 'E' && b[2] == 'T' && b[3] == ' ';
	case 'H': return b[1] == 'E' && b[2] == 'A' && b[3] == 'D' && b[4] == ' ';
	case 'P':
		return (b[1] == 'O' && b[2] == 'S' && b[3] == 'T' && b[4] == ' ') ||
		       (b[1] == 'U' && b[2] == 'T' && b[3] == ' ') ||
		       (b[1] == 'A' && b[2] == 'T' && b[3] == 'C' && b[4] == 'H' && b[5] == ' ');
	case 'D': return b[1] == 'E' && b[2] == 'L' && b[3] == 'E' && b[4] == 'T' && b[5] == 'E' && b[6] == ' ';
	case 'O': return b[1] == 'P' && b[2] == 'T' && b[3] == 'I' && b[4] == 'O' && b[5] == 'N' && b[6] == 'S';
	case 'C': return b[1] == 'O' && b[2] == 'N' && b[3] == 'N' && b[4] == 'E' && b[5] == 'C' && b[6] == 'T';
	case 'T': return b[1] == 'R' && b[2] == 'A' && b[3] == 'C' && b[4] == 'E' && b[5] == ' ';
	}
	return false;
}

static __always_inline bool has_head_end(const char *data, __u32 captured)
{
	__u32 i;

	for (i = 0; i + 3 < HTTP_HEAD_MAX; i++) {
		if (i + 3 >= captured)
			return false;
		if (data[i] == '\r' && data[i + 1] == '\n' && data[i + 2] == '\r' && data[i + 3] == '\n')
			return true;
	}
	return false;
}

static __always_inline int handle_send(struct sock *sk, struct msghdr *msg)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u64 key = (__u64)sk;
	struct head_state *st, fresh = {};
	struct http_record *r;
	struct payload p;
	__u32 seq, captured;
	char start[8] = {};
	bool head_start;

	if (process_filtered_out(pid_tgid))
		return 0;
	if (cfg.target_port &&
	    port_filtered_out(BPF_CORE_READ(sk, __sk_common.skc_num),
			      bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport))))
		return 0;
	if (!read_payload(msg, &p) || p.avail == 0)
		return 0;
	if (bpf_probe_read_user(start, sizeof(start), p.base))
		return 0;
	head_start = is_method(start);
	st = bpf_map_lookup_elem(&heads, &key);
	if (!head_start && !(st && st->open))
		return 0;

	/* tcp_sendmsg_locked fires once per segment: keep only the first of each send */
	seq = BPF_CORE_READ((struct tcp_sock *)sk, write_seq);
	if (st && st->msg == (__u64)msg && st->tid == (__u32)pid_tgid &&
	    seq - st->start_seq < st->len)
		return 0;
	if (!st) {
		bpf_map_update_elem(&heads, &key, &fresh, BPF_ANY);
		st = bpf_map_lookup_elem(&heads, &key);
		if (!st)
			return 0;
	}
	st->msg = (__u64)msg;
	st->tid = (__u32)pid_tgid;
	st->start_seq = seq;
	st->len = p.remaining;

	announce_process(pid_tgid);
	r = bpf_ringbuf_reserve(&rb, sizeof(*r), 0);
	if (!r) {
		count(HOOK_HTTP, true);
		st->open = 0;
		return 0;
	}
	fill_header(&r->header, RECORD_HTTP, pid_tgid);
	r->sock_id = key;
	read_sock_addresses(sk, &r->family, r->saddr, r->daddr, &r->sport, &r->dport);
	r->flags = head_start ? HTTP_HEAD_START : HTTP_HEAD_CONTINUATION;
	r->bytes = p.remaining;
	r->_pad = 0;
	captured = p.avail < HTTP_HEAD_MAX ? p.avail : HTTP_HEAD_MAX;
	captured &= 2 * HTTP_HEAD_MAX - 1;
	if (captured > HTTP_HEAD_MAX || bpf_probe_read_user(r->data, captured, p.base))
		captured = 0;
	r->captured = captured;

	if (head_start) {
		st->continuations = 0;
		st->open = !has_head_end(r->data, captured);
	} else {
		st->continuations++;
		st->open = st->continuations < HTTP_MAX_CONTINUATIONS && !has_head_end(r->data, captured);
	}
	bpf_ringbuf_submit(r, submit_flags());
	count(HOOK_HTTP, false);
	return 0;
}

SEC("fentry/tcp_sendmsg")
int BPF_PROG(http_fentry, struct sock *sk, struct msghdr *msg, size_t size)
{
	return handle_send(sk, msg);
}

SEC("kprobe/tcp_sendmsg")
int BPF_KPROBE(http_kprobe, struct sock *sk, struct msghdr *msg, size_t size)
{
	return handle_send(sk, msg);
}

SEC("tp_btf/tcp_sendmsg_locked")
int BPF_PROG(http_tp_btf, struct sock *sk, struct msghdr *msg)
{
	return handle_send(sk, msg);
}

SEC("raw_tp/tcp_sendmsg_locked")
int BPF_PROG(http_raw_tp, struct sock *sk, struct msghdr *msg)
{
	return handle_send(sk, msg);
}
