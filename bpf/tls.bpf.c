// SPDX-License-Identifier: GPL-2.0
/*
 * TLS ClientHellos sent over TCP: a send whose first bytes are a handshake record
 * (content type 0x16, version 3.x) holding a ClientHello (handshake type 1) is captured,
 * up to TLS_HELLO_MAX bytes; user space parses SNI, ALPN, versions and the fingerprint.
 * The check is on fixed offsets of the record and handshake headers, so it needs no
 * per-connection state: tcp_sendmsg_locked fires again for later segments of the same
 * send, but those start in the middle of the hello and do not match. Modes as in
 * http.bpf.c: fentry / kprobe on tcp_sendmsg, tp_btf / raw_tp on tcp_sendmsg_locked.
 */
#include "http.bpf.h"

#define TLS_HANDSHAKE 0x16
#define TLS_CLIENT_HELLO 1
#define TLS_HEADERS 9 /* record header (5) + handshake type and length (4) */
#define TLS_HELLO_MIN 38 /* version, random, session id length, ... */

static __always_inline int handle_send(bool btf, struct sock *sk, struct msghdr *msg)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct tls_record *r;
	struct payload p;
	__u8 h[TLS_HEADERS];
	__u32 captured, record_len, hello_len;

	if (process_filtered_out(pid_tgid) || sock_filtered_out(sk))
		return 0;
	if (!read_payload(btf, msg, &p) || p.avail < TLS_HEADERS)
		return 0;
	if (bpf_probe_read_user(h, sizeof(h), p.base))
		return 0;
	if (h[0] != TLS_HANDSHAKE || h[1] != 3 || h[2] > 4 || h[5] != TLS_CLIENT_HELLO || h[6] != 0)
		return 0;
	record_len = (h[3] << 8) | h[4];
	hello_len = (h[7] << 8) | h[8];
	if (record_len < 4 + TLS_HELLO_MIN || record_len > 16384 + 2048 || hello_len < TLS_HELLO_MIN)
		return 0;

	announce_process(pid_tgid);
	r = bpf_ringbuf_reserve(&rb, sizeof(*r), 0);
	if (!r) {
		count(HOOK_TLS, true);
		return 0;
	}
	fill_header(&r->header, RECORD_TLS, pid_tgid);
	r->sock_id = (__u64)sk;
	read_sock_addresses(btf, sk, &r->family, r->saddr, r->daddr, &r->sport, &r->dport);
	r->_pad = 0;
	r->_pad2 = 0;
	r->bytes = p.remaining;
	captured = p.avail < TLS_HELLO_MAX ? p.avail : TLS_HELLO_MAX;
	captured &= 2 * TLS_HELLO_MAX - 1;
	if (captured > TLS_HELLO_MAX || bpf_probe_read_user(r->data, captured, p.base))
		captured = 0;
	r->captured = captured;
	bpf_ringbuf_submit(r, submit_flags());
	count(HOOK_TLS, false);
	return 0;
}

SEC("fentry/tcp_sendmsg")
int BPF_PROG(tls_fentry, struct sock *sk, struct msghdr *msg, size_t size)
{
	/* typed loads through msghdr's iov_iter fail the 6.1 verifier: read as kprobes do */
	return handle_send(false, sk, msg);
}

SEC("kprobe/tcp_sendmsg")
int BPF_KPROBE(tls_kprobe, struct sock *sk, struct msghdr *msg, size_t size)
{
	return handle_send(false, sk, msg);
}

SEC("tp_btf/tcp_sendmsg_locked")
int BPF_PROG(tls_tp_btf, struct sock *sk, struct msghdr *msg)
{
	return handle_send(true, sk, msg);
}

SEC("raw_tp/tcp_sendmsg_locked")
int BPF_PROG(tls_raw_tp, struct sock *sk, struct msghdr *msg)
{
	return handle_send(false, sk, msg);
}
