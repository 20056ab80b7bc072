/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TLS ClientHellos sent over TCP (send.bpf.c): a send whose first bytes are a handshake
 * record (content type 0x16, version 3.x) holding a ClientHello (handshake type 1) is
 * captured, up to TLS_HELLO_MAX bytes; user space parses SNI, ALPN, versions and the
 * fingerprint. The check is on fixed offsets of the record and handshake headers:
 * tcp_sendmsg_locked fires again for later segments of the same send, but those start in
 * the middle of the hello and do not match. When the send holds only the record's first
 * part (its length is in the record header), send.bpf.c captures the next sends on the
 * socket too (at most TLS_HELLO_PIECES), and user space puts the parts together.
 */
#ifndef NETJFR_TLS_BPF_H
#define NETJFR_TLS_BPF_H

#include "http.bpf.h"

#define TLS_HANDSHAKE 0x16
#define TLS_CLIENT_HELLO 1
#define TLS_RECORD_HEADER 5
#define TLS_HEADERS 9 /* record header (5) + handshake type and length (4) */
#define TLS_HELLO_PIECES 4 /* sends captured after a hello's first part */
#define TLS_HELLO_MIN 38 /* version, random, session id length, ... */

/* The send's first bytes (h, avail of them valid) start a ClientHello. */
static __always_inline bool is_client_hello(const __u8 *h, __u64 avail)
{
	__u32 record_len, hello_len;

	if (avail < TLS_HEADERS)
		return false;
	if (h[0] != TLS_HANDSHAKE || h[1] != 3 || h[2] > 4 || h[5] != TLS_CLIENT_HELLO || h[6] != 0)
		return false;
	record_len = (h[3] << 8) | h[4];
	hello_len = (h[7] << 8) | h[8];
	return record_len >= 4 + TLS_HELLO_MIN && record_len <= 16384 + 2048 && hello_len >= TLS_HELLO_MIN;
}

/*
 * A send's first bytes: a ClientHello's start, or (flags: TLS_HELLO_CONTINUATION) more of
 * its record, which follows its start. A hello no recording wants still goes while the TLS
 * summary counts (hellos are rare), flagged TLS_UNRECORDED. Returns whether a record went.
 */
static __always_inline bool emit_hello(bool btf, struct sock *sk, __u64 pid_tgid, const struct payload *p,
				       __u8 flags)
{
	struct live_settings *s = settings_for(pid_tgid >> 32);
	struct tls_record *r;
	__u32 captured;

	if (!(flags & TLS_HELLO_CONTINUATION) && !sock_admitted(s, pid_tgid >> 32, SETTINGS_TLS, btf, sk)) {
		if (!(s->summarize & SUMMARY_TLS))
			return false;
		flags |= TLS_UNRECORDED;
	}
	announce_process(pid_tgid);
	r = reserve_record(pid_tgid, HOOK_TLS, RECORD_TLS, sizeof(*r));
	if (!r)
		return false;
	r->sock_id = sock_id(sk);
	read_sock_addresses(btf, sk, &r->family, r->saddr, r->daddr, &r->sport, &r->dport);
	r->flags = flags;
	r->_pad2 = 0;
	r->bytes = p->remaining;
	captured = p->avail < TLS_HELLO_MAX ? p->avail : TLS_HELLO_MAX;
	barrier_var(captured); /* keeps the bound check below, which the verifier needs to see */
	if (captured > TLS_HELLO_MAX || bpf_probe_read_user(r->data, captured, p->base))
		captured = 0;
	r->captured = captured;
	bpf_ringbuf_submit(r, submit_flags());
	return true;
}

#endif
