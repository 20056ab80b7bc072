/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the HTTP hooks (send.bpf.c: sends, recv.bpf.c: receives) share: where a
 * msghdr's user bytes are, how an HTTP/1.x head starts and ends, and the close record
 * that tells user space a connection's pending requests are over.
 */
#ifndef NETJFR_HTTP_BPF_H
#define NETJFR_HTTP_BPF_H

#include "common.bpf.h"
#include "summary.bpf.h"

#define TCP_CLOSE 7
/*
 * Bytes of a send or read looked at first (to tell a head from anything else): most heads
 * fit, and are then copied from there instead of being read from user memory twice (a
 * bpf_probe_read_user costs ~150 ns whatever its size).
 */
#define HEAD_PEEK 128

/*
 * The request a server read and has not answered yet, per socket: recv.bpf.c notes it,
 * send.bpf.c hands its time to the response record. A server's requests cost no record of
 * their own. While one waits and the server has written nothing since, reads that start
 * like a request are its body (or pipelined requests, which are not timed); once the
 * server wrote something (a response this hook did not see, say) the next one counts.
 * LRU as a bound; shared by both objects (SharedMaps).
 */
struct server_request {
	__u64 read_ns;      /* when the read that began it returned; 0: none waiting */
	__u32 write_seq;    /* the socket's write_seq then */
	__u32 flags;        /* HTTP_ANSWERS_HEAD, HTTP_ANSWERS_CONNECT; enum http_method << 8 (summary.bpf.h) */
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, __u64);
	__type(value, struct server_request);
} server_requests SEC(".maps");

struct payload {
	const char *base;   /* user address of the bytes about to be copied (or just received) */
	__u64 avail;        /* contiguous bytes there */
	__u64 remaining;    /* bytes left in this send (or room left in this receive) */
};

/* Where the send's data is now, across the iov_iter layouts of 5.x, 6.0-6.3 and 6.4+. */
static __always_inline bool read_payload(bool btf, struct msghdr *msg, struct payload *p)
{
	struct iov_iter *it = __builtin_preserve_access_index(&msg->msg_iter);
	const struct iovec *iov;
	__u64 off, iov_len;

	off = READ(btf, it, iov_offset);
	p->remaining = READ(btf, it, count);
	if (bpf_core_field_exists(it->iter_type)) {
		__u8 type = READ(btf, it, iter_type);

		if (bpf_core_enum_value_exists(enum iter_type, ITER_UBUF) &&
		    type == bpf_core_enum_value(enum iter_type, ITER_UBUF)) {
			p->base = (const char *)READ(btf, it, ubuf) + off;
			p->avail = p->remaining;
			return true;
		}
		if (type != bpf_core_enum_value(enum iter_type, ITER_IOVEC))
			return false;
		if (bpf_core_field_exists(it->__iov))
			iov = READ(btf, it, __iov);
		else
			iov = READ(btf, (struct iov_iter___v60 *)it, iov);
	} else {
		struct iov_iter___v5 *old = (void *)it;

		if (!(READ(btf, old, type) & bpf_core_enum_value(enum iter_type, ITER_IOVEC)))
			return false;
		iov = READ(btf, old, iov);
	}
	p->base = (const char *)READ(btf, iov, iov_base) + off;
	iov_len = READ(btf, iov, iov_len);
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

/* A status line: "HTTP/1." */
static __always_inline bool is_response(const char b[8])
{
	return b[0] == 'H' && b[1] == 'T' && b[2] == 'T' && b[3] == 'P' && b[4] == '/' && b[5] == '1' &&
	       b[6] == '.';
}

/* The captured bytes end with the blank line that ends a head ("\r\n\r\n"). */
static __always_inline bool ends_with_blank_line(const char *data, __u32 captured)
{
	const char *tail;
	__u32 last;

	if (captured < 4)
		return false;
	last = captured - 4;
	barrier_var(last); /* keeps the bound check below, which the verifier needs to see */
	if (last > HTTP_HEAD_MAX - 4)
		return false;
	tail = data + last;
	return tail[0] == '\r' && tail[1] == '\n' && tail[2] == '\r' && tail[3] == '\n';
}

/* Where a socket's head stands, in one direction: the value, or part of it, of the per-socket maps. */
struct head_progress {
	__u8 open;          /* head started, end not seen yet */
	__u8 continuations;
};

/*
 * A response a server writes (peek: its first bytes, avail of them there) answers the
 * request it read (server_requests): its time and flags, 0 when none waits. An
 * informational one (1xx but 101, which ends HTTP on the connection) leaves the request
 * waiting for the final response. Taken before the record is reserved, so a lost record
 * still answers it.
 */
static __always_inline __u64 answer_request(__u64 key, const char *peek, __u64 avail, __u32 *answers)
{
	struct server_request *q = bpf_map_lookup_elem(&server_requests, &key);
	__u64 read_ns;

	if (!q || !q->read_ns)
		return 0;
	read_ns = q->read_ns;
	*answers = q->flags;
	/* "HTTP/1.1 1xx" */
	if (!(avail > 11 && peek[9] == '1' && !(peek[10] == '0' && peek[11] == '1')))
		q->read_ns = 0;
	return read_ns;
}

/*
 * The record of a head piece a process sent or read (flags: enum http_flags): buf holds
 * avail contiguous bytes of the send's or read's total, whose first has TCP sequence
 * number seq; peek has its first HEAD_PEEK bytes (as many as there are) already.
 * Updates where the head stands; a lost record closes it.
 */
static __always_inline void emit_head(bool btf, struct sock *sk, __u64 pid_tgid, __u32 hook, __u8 flags,
				      const char *peek, const char *buf, __u64 avail, __u32 total, __u32 seq,
				      struct head_progress *st)
{
	struct http_record *r;
	__u32 captured;
	__u64 rest, request_ns = 0; /* rest: 64 bits, so the bound check and the read use one register (6.1) */
	__u32 answers = 0; /* the request's flags, and its method above them (recv.bpf.c) */
	struct live_settings *s = settings_for(pid_tgid >> 32);
	__u64 sent_ns = 0; /* a response a client reads: when it sent the request (summary.bpf.h) */
	bool open, admitted;

	if (flags == HTTP_RESPONSE_START)
		request_ns = answer_request((__u64)sk, peek, avail, &answers);
	else if (flags == (HTTP_RECEIVED | HTTP_RESPONSE_START))
		sent_ns = answer_client_request(sk, &answers);
	/* issue 18: what the consumer's settings drop costs no record (and no continuations); summaries count it */
	admitted = head_admitted(s, flags, request_ns | sent_ns);
	if (flags & HTTP_HEAD_START)
		note_client_request(s, sk, peek);
	else if (flags & HTTP_RESPONSE_START)
		summarize(s, btf, sk, pid_tgid, flags, peek, avail, total, request_ns | sent_ns, answers >> 8, admitted);
	if (!admitted) {
		st->open = 0;
		return;
	}
	announce_process(pid_tgid);
	r = reserve_record(pid_tgid, hook, RECORD_HTTP, sizeof(*r));
	if (!r) {
		st->open = 0;
		return;
	}
	r->sock_id = sock_id(sk);
	read_sock_addresses(btf, sk, &r->family, r->saddr, r->daddr, &r->sport, &r->dport);
	r->flags = flags | (answers & 0xff);
	r->bytes = total;
	r->seq = seq;
	r->request_ns = request_ns;
	captured = avail < HTTP_HEAD_MAX ? avail : HTTP_HEAD_MAX;
	__builtin_memcpy(r->data, peek, HEAD_PEEK);
	if (captured > HEAD_PEEK) {
		rest = (__u64)captured - HEAD_PEEK;
		barrier_var(rest); /* keeps the bound check below, which the verifier needs to see */
		if (rest > HTTP_HEAD_MAX - HEAD_PEEK ||
		    bpf_probe_read_user(r->data + HEAD_PEEK, rest, buf + HEAD_PEEK))
			captured = HEAD_PEEK;
	}
	r->captured = captured;

	/*
	 * The head may go on in the next send (or read) only when this one was captured whole
	 * and does not end with the blank line: a head is mostly sent on its own, or ends in a
	 * piece that ends with it, and a send with more bytes than the capture holds its end
	 * (or it is cut off anyway). A head sent with a short body behind it stays open too:
	 * the next sends that do not start a head (a streamed body) are captured, at most
	 * HTTP_MAX_CONTINUATIONS, and user space, which finds the end itself, drops them. The
	 * kernel does not walk the head: older verifiers (6.1) balk at that loop.
	 */
	open = captured == total && !ends_with_blank_line(r->data, captured);
	if (flags & HTTP_HEAD_CONTINUATION) {
		st->continuations++;
		st->open = st->continuations < HTTP_MAX_CONTINUATIONS && open;
	} else {
		st->continuations = 0;
		st->open = open;
	}
	bpf_ringbuf_submit(r, submit_flags());
}

/*
 * A TCP socket reached TCP_CLOSE: when it carried a captured head (it has an entry in
 * this object's per-socket map) the entry goes and user space gets a close record, so
 * neither side keeps state for a connection that is over. Not filtered by pid: the last
 * state change often happens in softirq context, in whatever task is current. Routed, it
 * goes to that task's client, which ignores a socket it does not know.
 */
static __always_inline int close_socket(void *sockets, struct sock *sk, __u32 hook)
{
	__u64 key = (__u64)sk, pid_tgid = bpf_get_current_pid_tgid();
	struct close_record *r;

	if (!bpf_map_lookup_elem(sockets, &key))
		return 0;
	bpf_map_delete_elem(sockets, &key);
	r = reserve_record(pid_tgid, hook, RECORD_CLOSE, sizeof(*r));
	if (!r)
		return 0;
	r->sock_id = sock_id(sk);
	bpf_ringbuf_submit(r, submit_flags());
	return 0;
}

#endif
