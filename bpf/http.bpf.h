/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the HTTP objects (http.bpf.c: sends, recv.bpf.c: receives) share: where a
 * msghdr's user bytes are, how an HTTP/1.x head starts and ends, and the close record
 * that tells user space a connection's pending requests are over.
 */
#ifndef NETJFR_HTTP_BPF_H
#define NETJFR_HTTP_BPF_H

#include "common.bpf.h"

#define TCP_CLOSE 7

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

/* "\r\n\r\n" in data[0, captured): a plain byte loop, which older verifiers (6.1) still accept. */
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

/*
 * A TCP socket reached TCP_CLOSE: when it carried a captured head (it has an entry in
 * this object's per-socket map) the entry goes and user space gets a close record, so
 * neither side keeps state for a connection that is over. Not filtered by pid: the last
 * state change often happens in softirq context, in whatever task is current.
 */
static __always_inline int close_socket(void *sockets, struct sock *sk, __u32 hook)
{
	__u64 key = (__u64)sk;
	struct close_record *r;

	if (!bpf_map_lookup_elem(sockets, &key))
		return 0;
	bpf_map_delete_elem(sockets, &key);
	r = bpf_ringbuf_reserve(&rb, sizeof(*r), 0);
	if (!r) {
		count(hook, true);
		return 0;
	}
	fill_header(&r->header, RECORD_CLOSE, bpf_get_current_pid_tgid());
	r->sock_id = key;
	bpf_ringbuf_submit(r, submit_flags());
	return 0;
}

#endif
