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
 * The request a server read and has not answered yet (part of struct sock_state):
 * recv.bpf.c notes it, send.bpf.c hands its time to the response record. A server's
 * requests cost no record of their own. While one waits and the server has written nothing
 * since, reads that start like a request are its body (or pipelined requests, which are
 * not timed); once the server wrote something (a response this hook did not see, say) the
 * next one counts.
 */
struct server_request {
	__u64 read_ns;      /* when the read that began it returned; 0: none waiting */
	__u32 write_seq;    /* the socket's write_seq then */
	__u32 flags;        /* HTTP_ANSWERS_HEAD, HTTP_ANSWERS_CONNECT; enum http_method << 8 (summary.bpf.h) */
};

struct payload {
	const char *base;   /* user address of the bytes about to be copied (or just received) */
	__u64 avail;        /* contiguous bytes there */
	__u64 remaining;    /* bytes left in this send (or room left in this receive) */
};

/*
 * A TCP socket's sequence numbers: how far the process wrote, and read. tp_btf programs
 * (btf) load them directly from the socket made a tcp_sock by bpf_skc_to_tcp_sock (the
 * verifier types sk as struct sock, too small for these fields); the others read each
 * with a helper call (bpf_probe_read_kernel), which costs more.
 */
static __always_inline __u32 write_seq_of(bool btf, struct sock *sk)
{
	struct tcp_sock *tp;

	if (!btf)
		return BPF_CORE_READ((struct tcp_sock *)sk, write_seq);
	tp = bpf_skc_to_tcp_sock(sk);
	return tp ? tp->write_seq : 0;
}

static __always_inline __u32 copied_seq_of(bool btf, struct sock *sk)
{
	struct tcp_sock *tp;

	if (!btf)
		return BPF_CORE_READ((struct tcp_sock *)sk, copied_seq);
	tp = bpf_skc_to_tcp_sock(sk);
	return tp ? tp->copied_seq : 0;
}

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

/* The eight methods of RFC 9110 and PATCH, followed by SP: the common case, checked first. */
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

/*
 * RFC 9110 tchar: what a method is made of. A bit of two words (characters 0-63, 64-127),
 * chosen by arithmetic: a switch is a chain of branches, and every one of them a path for
 * the verifier in each of request_start's characters.
 */
static __always_inline bool is_tchar(__u8 c)
{
	const __u64 low = 0x03ff6cfa00000000ULL, high = 0x57ffffffc7fffffeULL;
	__u64 word = low ^ ((low ^ high) & -(__u64)((c >> 6) & 1));

	return (word >> (c & 63)) & (1 - (c >> 7)) & 1;
}

enum request_start {
	NOT_REQUEST = 0,
	REQUEST_PREFIX = 1, /* the bytes end inside a request line's start: "G", "GE", "PROPFIND " */
	REQUEST_LINE = 2,   /* a method, SP and the target's first character */
};

/* 0x80 in exactly the bytes of y that are zero (no borrow between bytes, unlike the quick test). */
static __always_inline __u64 zero_bytes(__u64 y)
{
	const __u64 lows = 0x7f7f7f7f7f7f7f7fULL;

	return ~(((y & lows) + lows) | y | lows);
}

/* 1 when x is 0, else 0: arithmetic, for BPF has no conditional set and a branch here would refine x. */
static __always_inline __u64 is_zero(__u64 x)
{
	return 1 - ((x | -x) >> 63);
}

/*
 * How the first bytes of a send or read start an HTTP/1.x request line, "method SP
 * target": any token of at most HTTP_METHOD_MAX characters is a method (RFC 9110: WebDAV,
 * PURGE, lowercase), followed by SP and a visible character; for other methods than the
 * common ones the caller also asks plausible_request_line. User space proves the rest
 * (the version "HTTP/1." ends the line) and drops what is not a request. b: the first
 * HEAD_PEEK bytes of the avail there, zeroes after them. Unrolled; each character's answer
 * is arithmetic, and the loop leaves on one flag: avail is never compared (each place that
 * compared it would narrow it differently, and the verifier would follow the rest of the
 * program once per place), and the characters' cases are not branches of their own.
 */
static __always_inline int request_start(const char *b, __u64 avail)
{
	__u64 result, done;

	if (is_method(b))
		return REQUEST_LINE;
#pragma unroll
	for (int i = 0; i <= HTTP_METHOD_MAX; i++) {
		__u8 c = b[i], t = b[i + 1];
		__s64 v = (__s64)t - 0x21; /* t visible: 0 <= v < 0x5e */
		__u64 visible = (1 - ((__u64)v >> 63)) & ((__u64)(v - 0x5e) >> 63);
		__u64 space = i > 0 ? is_zero(c ^ ' ') : 0;

		done = 1 - is_tchar(c);
		/* the answer if the token ends here: the bytes end (NUL), or SP and what follows it */
		result = is_zero(c) * REQUEST_PREFIX * is_zero(avail - i) +
			 space * (is_zero(t) * REQUEST_PREFIX * is_zero(avail - i - 1) + visible * REQUEST_LINE);
		barrier_var(done);
		if (done)
			return result;
	}
	return NOT_REQUEST;
}

/*
 * b (the first HEAD_PEEK bytes of a send, zeroes after them, 8-byte aligned) holds
 * " HTTP/1." anywhere, or no LF at all: a request line's version, or a line that goes on
 * past them (a long target, or a head in pieces). What only looks like a request line
 * ("EHLO x", memcached's "get k") has its LF without the version, and is not followed.
 * Arithmetic only: the eight byte offsets of each word, no branch.
 */
static __always_inline bool plausible_request_line(const char *b)
{
	const __u64 version = 0x2e312f5054544820ULL, lfs = 0x0a0a0a0a0a0a0a0aULL; /* " HTTP/1.", LFs */
	const __u64 *w = (const __u64 *)b;
	__u64 found = 0, newlines = 0;

#pragma unroll
	for (int k = 0; k < HEAD_PEEK / 8; k++) {
		__u64 lo = w[k], hi = k + 1 < HEAD_PEEK / 8 ? w[k + 1] : 0;

		newlines |= zero_bytes(lo ^ lfs);
		found |= is_zero(lo ^ version);
#pragma unroll
		for (int s = 1; s < 8; s++)
			found |= is_zero(((lo >> (8 * s)) | (hi << (64 - 8 * s))) ^ version);
	}
	return found | is_zero(newlines);
}

/* A status line: "HTTP/1." */
static __always_inline bool is_response(const char b[8])
{
	return b[0] == 'H' && b[1] == 'T' && b[2] == 'T' && b[3] == 'P' && b[4] == '/' && b[5] == '1' &&
	       b[6] == '.';
}

/* Where a socket's head stands, in one direction (struct sock_state). */
struct head_progress {
	__u8 open;          /* head started, end not seen yet */
	__u8 pieces;        /* records of this head so far */
	__u16 captured;     /* bytes of it captured so far, up to HTTP_HEAD_LONG */
	__u32 tail;         /* its last three bytes, the oldest lowest: the blank line may straddle pieces */
};

enum sock_flags {
	SOCK_RECORDED = 1,      /* a record of this socket went to user space: a close record is owed */
	SOCK_RESPONSE_BODY = 2, /* the server's response head went; body_read_seq says until when */
};

/*
 * Everything kept per socket, for both directions and both objects, so that a send or a
 * read looks up one thing: the head being written (send.bpf.c) and read (recv.bpf.c), the
 * send captured last, a server's request waiting for its response (recv notes it, send
 * answers it) and a client's (send notes it, recv answers it).
 */
struct sock_state {
	struct head_progress sent;
	struct head_progress received;
	struct server_request request;
	struct client_request client;
	__u64 msg;          /* msghdr of the send captured last (tcp_sendmsg_locked fires again for its later segments) */
	__u32 tid;          /* the thread of that send */
	__u32 start_seq;    /* tcp write_seq when it started */
	__u32 len;          /* its length */
	__u16 hello_rest;   /* bytes of a ClientHello's record still to come after its first part */
	__u8 hello_pieces;  /* continuations of that record captured */
	__u8 flags;         /* enum sock_flags */
	__u32 body_read_seq; /* SOCK_RESPONSE_BODY: the socket's copied_seq when the response head went */
	__u32 owner;        /* SOCK_RECORDED: the process the records went to; routed, its close record goes there too */
};

/*
 * Socket-local storage: the kernel keeps a socket's state in the socket itself, finds it
 * without hashing and frees it with the socket. Tracing programs may use it (5.11+), with
 * the socket as a typed pointer: the tp_btf programs here.
 */
struct {
	__uint(type, BPF_MAP_TYPE_SK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct sock_state);
} socket_storage SEC(".maps");

/* The same state by socket address, for the other modes; deleted at TCP_CLOSE, LRU as a bound. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, __u64);
	__type(value, struct sock_state);
} sockets SEC(".maps");

/* A new entry of sockets, all zero, never written: the stack has no room for one next to a head's peek. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sock_state);
} sock_state_zero SEC(".maps");

/*
 * Whether a program keeps socket state in socket_storage, else in sockets. send and recv
 * must keep it in the same place, since each answers requests the other noted: the storage
 * only in tp_btf programs (btf), and only on kernels that have the tracepoints of both,
 * where both hooks try the same modes in the same order (Hook) and so attach alike. kprobe
 * and raw_tp programs may not use the storage; fentry's exit half (recv) has the socket
 * only as a saved number, so fentry keeps the hash map too.
 */
#define SOCKET_STORAGE(btf) \
	((btf) && bpf_core_type_exists(struct trace_event_raw_tcp_sendmsg_locked) && \
	 bpf_core_type_exists(struct trace_event_raw_sock_msg_length))

/* The socket's state; when it has none, a new one if create, else NULL (NULL also when there is no room). */
static __always_inline struct sock_state *sock_state_of(bool btf, struct sock *sk, bool create)
{
	struct sock_state *ss, *zero;
	__u64 key = (__u64)sk;
	__u32 first = 0;

	if (SOCKET_STORAGE(btf))
		return bpf_sk_storage_get(&socket_storage, sk, 0, create ? BPF_SK_STORAGE_GET_F_CREATE : 0);
	ss = bpf_map_lookup_elem(&sockets, &key);
	if (ss || !create)
		return ss;
	zero = bpf_map_lookup_elem(&sock_state_zero, &first);
	if (!zero)
		return NULL;
	bpf_map_update_elem(&sockets, &key, zero, BPF_NOEXIST);
	return bpf_map_lookup_elem(&sockets, &key);
}

/*
 * Whether the consumer's settings want anything a send (events: the settings_event bits
 * of the captures) or a read could show: else its payload is not read at all.
 * The summaries want every HTTP exchange, and every ClientHello (counted in user space).
 */
static __always_inline bool anything_wanted(const struct live_settings *s, __u32 events, bool http)
{
	return !s || (~s->unwanted & events) || (http && s->summarize & SUMMARY_HTTP) ||
	       (events & (1 << SETTINGS_TLS) && s->summarize & SUMMARY_TLS);
}

/*
 * The head's end is in data[0..n) (n <= HTTP_HEAD_MAX), which follows tail, the last
 * three bytes before it (the oldest lowest; updated). A blank line ends at an LF whose
 * byte before is an LF, or a CR after an LF (CR LF CR LF, and bare LF LF, LF CR LF).
 * Eight bytes at a time, without a branch per byte (BPF has no conditional set): masks of
 * a word's LFs and CRs, shifted by one and two bytes and carried over from the word
 * before. The loop stops at n on a flag computed from it, not on a comparison with n: a
 * comparison would narrow n differently at each word, and the verifier would then follow
 * the rest of the program once per word (issue 18: the send program went past its limit).
 */
static __always_inline bool find_head_end(const __u8 *data, __u32 n, __u32 *tail)
{
	const __u64 lfs = 0x0a0a0a0a0a0a0a0aULL, crs = 0x0d0d0d0d0d0d0d0dULL;
	__u64 last = (__u64)*tail << 40, before = 0, valid = 8, found = 0; /* last: the word read last, valid bytes of it */
	__u64 lf_prev = zero_bytes(last ^ lfs), cr_prev = zero_bytes(last ^ crs), lf, cr;

	for (int i = 0; i < HTTP_HEAD_MAX / 8; i++) {
		__s64 left = (__s64)n - 8 * i;
		__u64 more = (__u64)(-left) >> 63; /* left > 0 */

		barrier_var(more);
		if (!more)
			break;
		valid = left < 8 ? left : 8;
		before = last;
		/* the bytes past n are another record's: zeroes are neither LF nor CR */
		last = *(const __u64 *)(data + 8 * i) & (~0ULL >> (8 * (8 - valid)));
		lf = zero_bytes(last ^ lfs);
		cr = zero_bytes(last ^ crs);
		found |= lf & ((lf << 8 | lf_prev >> 56) | ((cr << 8 | cr_prev >> 56) & (lf << 16 | lf_prev >> 48)));
		lf_prev = lf;
		cr_prev = cr;
	}
	/* the last three bytes */
	if (valid >= 3)
		*tail = (last >> (8 * (valid - 3))) & 0xffffff;
	else
		*tail = ((before >> 40) >> (8 * valid) | last << (8 * (3 - valid))) & 0xffffff;
	return found != 0;
}

/* A status line of 1xx but 101 (which ends HTTP on the connection): the request waits for the final response. */
static __always_inline bool informational(const char *peek, __u64 avail)
{
	/* "HTTP/1.1 1xx" */
	return avail > 11 && peek[9] == '1' && !(peek[10] == '0' && peek[11] == '1');
}

/*
 * A response a server writes (final: not informational) answers the request it read (q):
 * its time and flags, 0 when none waits. Taken before the record is reserved, so a lost
 * record still answers it.
 */
static __always_inline __u64 answer_request(struct server_request *q, bool final, __u32 *answers)
{
	__u64 read_ns = q->read_ns;

	if (!read_ns)
		return 0;
	*answers = q->flags;
	if (final)
		q->read_ns = 0;
	return read_ns;
}

/* The fields of a head record but its header (reserve_record) and data. */
static __always_inline void fill_head(bool btf, struct http_record *r, struct sock *sk, __u8 flags, __u32 total,
				      __u32 seq, __u64 request_ns)
{
	r->sock_id = sock_id(sk);
	read_sock_addresses(btf, sk, &r->family, r->saddr, r->daddr, &r->sport, &r->dport);
	r->flags = flags;
	r->bytes = total;
	r->seq = seq;
	r->request_ns = request_ns;
}

/*
 * A head longer than HTTP_HEAD_MAX in one send (a long target, 10 KB of cookies): the same
 * record with up to HTTP_HEAD_LONG bytes, so its version and Host are there too. Such heads
 * are rare, and one big record costs less than a loop of small ones (and verifies on old
 * kernels).
 */
static __always_inline void emit_long_head(bool btf, struct sock *sk, __u64 pid_tgid, __u32 hook, __u8 flags,
					   const char *buf, __u64 avail, __u32 total, __u32 seq, __u64 request_ns)
{
	struct http_long_record *r = reserve_record(pid_tgid, hook, RECORD_HTTP, sizeof(*r));
	__u64 n = avail < HTTP_HEAD_LONG ? avail : HTTP_HEAD_LONG; /* 64 bits: one register for check and read (6.1) */

	if (!r)
		return;
	barrier_var(n); /* keeps the bound check below, which the verifier needs to see */
	if (n > HTTP_HEAD_LONG || bpf_probe_read_user(r->head.data, n, buf)) {
		bpf_ringbuf_discard(r, 0);
		return;
	}
	fill_head(btf, &r->head, sk, flags, total, seq, request_ns);
	r->head.captured = n;
	bpf_ringbuf_submit(r, submit_flags());
}

/*
 * The record of a head piece a process sent or read (flags: enum http_flags): buf holds
 * avail contiguous bytes of the send's or read's total, whose first has TCP sequence
 * number seq; peek has its first HEAD_PEEK bytes (as many as there are) already. A head
 * whose end is not in the first HTTP_HEAD_MAX bytes of a longer send goes in one long
 * record instead (emit_long_head). The kernel finds the head's end itself
 * (find_head_end), so the head stays open for the next sends exactly while its end has
 * not been seen: a head written in pieces, down to a byte at a time, at most
 * HTTP_HEAD_PIECES records and HTTP_HEAD_LONG bytes. A lost record closes it.
 */
static __always_inline void emit_head(bool btf, struct sock *sk, __u64 pid_tgid, __u32 hook, __u8 flags,
				      const char *peek, const char *buf, __u64 avail, __u32 total, __u32 seq,
				      struct sock_state *ss, struct head_progress *st)
{
	struct http_record *r;
	__u32 captured, tail;
	__u64 rest; /* 64 bits, so the bound check and the read use one register (6.1) */
	__u64 request_ns = 0; /* a response's request: when the server read it, or the client sent it (summary.bpf.h) */
	__u32 answers = 0; /* the request's flags, and its method above them (recv.bpf.c) */
	struct live_settings *s = settings_for(pid_tgid >> 32);
	__u64 latency_ns = 0; /* a response's, when its request's time is known and a setting needs it */
	bool ended, admitted, final;

	if (flags == HTTP_RESPONSE_START) {
		final = !informational(peek, avail);
		request_ns = answer_request(&ss->request, final, &answers);
		if (final) { /* what the server sends next is this response's body, until it reads again */
			ss->flags |= SOCK_RESPONSE_BODY;
			ss->body_read_seq = copied_seq_of(btf, sk);
		}
	} else if (flags == (HTTP_RECEIVED | HTTP_RESPONSE_START)) {
		request_ns = answer_client_request(&ss->client, !informational(peek, avail), &answers);
	}
	if (!(flags & HTTP_HEAD_CONTINUATION)) {
		st->pieces = 0;
		st->captured = 0;
		st->tail = 0;
	}
	/* one clock read for the threshold and the summary */
	if (request_ns && latency_wanted(s))
		latency_ns = bpf_ktime_get_ns() - request_ns;
	/* issue 18: what the consumer's settings drop costs no record (and no continuations); summaries count it */
	admitted = head_admitted(s, pid_tgid >> 32, btf, sk, flags, latency_ns);
	if (flags & HTTP_HEAD_START)
		note_client_request(s, &ss->client, peek);
	else if (flags & HTTP_RESPONSE_START)
		summarize(s, btf, sk, pid_tgid, flags, peek, avail, total, latency_ns, answers >> 8, admitted);
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
	ss->flags |= SOCK_RECORDED;
	ss->owner = pid_tgid >> 32;
	captured = avail < HTTP_HEAD_MAX ? avail : HTTP_HEAD_MAX;
	__builtin_memcpy(r->data, peek, HEAD_PEEK);
	if (captured > HEAD_PEEK) {
		rest = (__u64)captured - HEAD_PEEK;
		barrier_var(rest); /* keeps the bound check below, which the verifier needs to see */
		if (rest > HTTP_HEAD_MAX - HEAD_PEEK ||
		    bpf_probe_read_user(r->data + HEAD_PEEK, rest, buf + HEAD_PEEK))
			captured = HEAD_PEEK;
	}
	tail = st->tail;
	ended = find_head_end((const __u8 *)r->data, captured, &tail);
	if (!ended && captured == HTTP_HEAD_MAX && avail > HTTP_HEAD_MAX) {
		bpf_ringbuf_discard(r, 0);
		emit_long_head(btf, sk, pid_tgid, hook, flags | (answers & 0xff), buf, avail, total, seq, request_ns);
		st->open = 0; /* its end is in there, or it is cut off */
		return;
	}
	fill_head(btf, r, sk, flags | (answers & 0xff), total, seq, request_ns);
	r->captured = captured;
	bpf_ringbuf_submit(r, submit_flags());
	st->tail = tail;
	st->pieces++;
	st->captured += captured;
	st->open = !ended && captured == total && st->pieces < HTTP_HEAD_PIECES && st->captured < HTTP_HEAD_LONG;
}

/*
 * A TCP socket reached TCP_CLOSE: its state goes, and when user space got a record of it a
 * close record follows, so neither side keeps state for a connection that is over (a socket's
 * address may come back as a new socket, and nothing of the old one may wait there). Both
 * objects hook the close: the first to run does it. Not filtered by pid: the last state change
 * often happens in softirq context, in whatever task is current. Routed, it goes to the client
 * of the process whose records the socket's were.
 */
static __always_inline int close_socket(bool btf, struct sock *sk, __u32 hook)
{
	struct sock_state *ss = sock_state_of(btf, sk, false);
	__u64 key = (__u64)sk;
	struct close_record *r;
	__u32 owner;
	__u8 flags;

	if (!ss)
		return 0;
	flags = ss->flags;
	owner = ss->owner;
	if (SOCKET_STORAGE(btf))
		__builtin_memset(ss, 0, sizeof(*ss));
	else
		bpf_map_delete_elem(&sockets, &key);
	if (!(flags & SOCK_RECORDED))
		return 0;
	/* routed: to the client that got the socket's records, not to whatever task is current (softirq) */
	r = reserve_record(cfg.routed ? (__u64)owner << 32 | owner : bpf_get_current_pid_tgid(), hook,
			   RECORD_CLOSE, sizeof(*r));
	if (!r)
		return 0;
	r->sock_id = sock_id(sk);
	bpf_ringbuf_submit(r, submit_flags());
	return 0;
}

#endif
