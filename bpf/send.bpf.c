// SPDX-License-Identifier: GPL-2.0
/*
 * What processes send over TCP (IPv4 and IPv6), for two hooks with one program, so a
 * send costs one run and one read of its first HEAD_PEEK bytes (cfg.captures says which
 * hooks are on):
 * - HTTP/1.x heads: requests (a send that begins a request line, request_start) and
 *   responses a server writes (one that begins with "HTTP/1."). Such a send is captured
 *   (HTTP_HEAD_MAX bytes per record, with the TCP sequence number of its first byte, so
 *   user space can tell message boundaries from body bytes; a longer head in one long
 *   record, emit_head); while the head's end has not been seen, the next sends on the same socket
 *   are captured as continuations so user space can assemble a head written in pieces.
 *   Once a server sent a final response's head, its next sends are that response's body
 *   and are not looked at until it reads from the socket again (its copied_seq moves).
 *   Everything else costs the socket's state lookup and a read of its first bytes.
 *   When a socket with captured heads closes, its state goes and a close record follows.
 * - TLS ClientHellos (tls.bpf.h), and the next sends while the hello's record is not
 *   complete (a hello split across sends).
 * Modes: fentry / kprobe on tcp_sendmsg (+ tcp_set_state), tp_btf / raw_tp on
 * tcp_sendmsg_locked (+ inet_sock_set_state); the classic tracepoint has no access to the
 * payload.
 */
#include "common.bpf.h"
#include "http.bpf.h"
#include "tls.bpf.h"

/*
 * The socket's state (ss: what it had, NULL when none), created when missing, or NULL when
 * this is a later segment of the send captured last (tcp_sendmsg_locked fires once per
 * segment: only the first of each send counts). Notes this send as the one captured last.
 */
static __always_inline struct sock_state *this_send(bool btf, struct sock *sk, struct msghdr *msg, __u64 pid_tgid,
						    struct sock_state *ss, __u32 seq, __u64 len)
{
	if (ss && ss->msg == (__u64)msg && ss->tid == (__u32)pid_tgid && seq - ss->start_seq < ss->len)
		return NULL;
	if (!ss) {
		ss = sock_state_of(btf, sk, true);
		if (!ss)
			return NULL;
	}
	ss->msg = (__u64)msg;
	ss->tid = (__u32)pid_tgid;
	ss->start_seq = seq;
	ss->len = len;
	return ss;
}

/*
 * The send's first HEAD_PEEK bytes (as many as there are, zeroes after them), in a map so
 * that head_start, a global function, can read them: on 5.10 a global function takes
 * scalars only, no pointer to its caller's stack. One per CPU, and one send program runs at
 * a time on a CPU: tracepoint and kprobe programs run with preemption off, fentry on 5.10
 * too (migrate_disable is preempt_disable there), and since 5.12 the kernel skips a
 * program's run that would nest in its own. Only fentry on 5.11 with a preemptible kernel
 * (and PREEMPT_RT builds) could mix two sends' bytes.
 */
struct peek_buffer {
	char b[HEAD_PEEK];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct peek_buffer);
} send_peek SEC(".maps");

/*
 * What the send's first bytes (send_peek, avail of them) start: HTTP_HEAD_START (a request
 * line, or what may be the start of one), HTTP_RESPONSE_START (a status line), or 0. While a
 * head is open, only a send that starts with one of the common methods (or a status line)
 * starts another: "T /x HTTP/1.1" after "GE" is the same head's rest. A global function, so
 * the verifier checks it once on its own: inlined, the request line's 21 characters and the
 * version's scan were walked again on each of the ~30 paths of the send program that reach
 * it (issue 18: more than half of that program's verification).
 */
__noinline int head_start(__u64 avail, __u32 open)
{
	__u32 zero = 0;
	const char *peek = bpf_map_lookup_elem(&send_peek, &zero);
	int request;

	if (!peek)
		return 0;
	/* a status line is no request line ('/' ends the token "HTTP"): asked first, it saves the scan */
	if (is_response(peek))
		return HTTP_RESPONSE_START;
	request = request_start(peek, avail);
	if ((open || (request == REQUEST_LINE && !plausible_request_line(peek))) && !is_method(peek))
		request = NOT_REQUEST;
	return request ? HTTP_HEAD_START : 0;
}

/*
 * A send that is not a ClientHello's start: a head's start or more of an open head, or the
 * rest of a ClientHello whose first part came before.
 */
static __always_inline void send_rest(bool btf, struct sock *sk, struct msghdr *msg, __u64 pid_tgid,
				      const struct payload *p, const char *peek, struct sock_state *ss)
{
	bool open = ss && ss->sent.open, hello = ss && ss->hello_rest;
	int start = cfg.captures & CAPTURE_HTTP ? head_start(p->avail, open) : 0;
	bool request = start == HTTP_HEAD_START, response = start == HTTP_RESPONSE_START;
	__u32 seq;

	if (!request && !response && !open && !hello)
		return;
	seq = write_seq_of(btf, sk);
	ss = this_send(btf, sk, msg, pid_tgid, ss, seq, p->remaining);
	if (!ss)
		return;
	if (hello && !request && !response) {
		emit_hello(btf, sk, pid_tgid, p, TLS_HELLO_CONTINUATION);
		ss->hello_rest = p->remaining < ss->hello_rest && ++ss->hello_pieces < TLS_HELLO_PIECES ?
				 ss->hello_rest - p->remaining : 0;
		return;
	}
	ss->hello_rest = 0;
	emit_head(btf, sk, pid_tgid, HOOK_HTTP,
		  request ? HTTP_HEAD_START : response ? HTTP_RESPONSE_START : HTTP_HEAD_CONTINUATION,
		  peek, p->base, p->avail, p->remaining, seq, ss, &ss->sent);
}

/* A send that starts a ClientHello: when the record goes on in later sends, they are captured too. */
static __always_inline void send_hello(bool btf, struct sock *sk, struct msghdr *msg, __u64 pid_tgid,
				       const struct payload *p, const __u8 *peek, struct sock_state *ss)
{
	__u32 record = TLS_RECORD_HEADER + ((peek[3] << 8) | peek[4]);

	if (!emit_hello(btf, sk, pid_tgid, p, 0) || p->remaining >= record || p->avail < p->remaining)
		return;
	ss = this_send(btf, sk, msg, pid_tgid, ss, write_seq_of(btf, sk), p->remaining);
	if (!ss)
		return;
	ss->hello_rest = record - p->remaining;
	ss->hello_pieces = 0;
	ss->sent.open = 0;
	ss->flags |= SOCK_RECORDED; /* user space waits for the hello's rest until the socket closes */
	ss->owner = pid_tgid >> 32;
}

/*
 * The cheapest facts first: the process and port filters, whether the settings want
 * anything of a send, and whether this one is the body of a response the server already
 * sent the head of (ss: the socket's state); only then the payload's first bytes.
 */
static __always_inline int handle_send(bool btf, struct sock *sk, struct msghdr *msg)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u32 events = (cfg.captures & CAPTURE_HTTP ? 1 << SETTINGS_HTTP_REQUEST | 1 << SETTINGS_HTTP_RESPONSE : 0) |
		       (cfg.captures & CAPTURE_TLS ? 1 << SETTINGS_TLS : 0);
	struct sock_state *ss;
	struct payload p;
	__u32 zero = 0;
	char *peek;

	if (process_filtered_out(pid_tgid) || sock_filtered_out(sk))
		return 0;
	if (!cfg.routed && !anything_wanted(settings_for(pid_tgid >> 32), events, cfg.captures & CAPTURE_HTTP))
		return 0;
	ss = sock_state_of(btf, sk, false);
	if (ss && (ss->flags & SOCK_RESPONSE_BODY) && !ss->sent.open) {
		if (copied_seq_of(btf, sk) == ss->body_read_seq)
			return 0;
		ss->flags &= ~SOCK_RESPONSE_BODY; /* the server read since: a response may come */
	}
	if (!read_payload(btf, msg, &p) || p.avail == 0)
		return 0;
	/* aligned, so the compiler clears and copies it by words */
	peek = __builtin_assume_aligned(bpf_map_lookup_elem(&send_peek, &zero), 8);
	if (!peek)
		return 0;
	__builtin_memset(peek, 0, HEAD_PEEK);
	if (bpf_probe_read_user(peek, p.avail < HEAD_PEEK ? p.avail & (HEAD_PEEK - 1) : HEAD_PEEK, p.base))
		return 0;
	if ((cfg.captures & CAPTURE_TLS) && is_client_hello((const __u8 *)peek, p.avail))
		send_hello(btf, sk, msg, pid_tgid, &p, (const __u8 *)peek, ss);
	else
		send_rest(btf, sk, msg, pid_tgid, &p, peek, ss);
	return 0;
}

SEC("fentry/tcp_sendmsg")
int BPF_PROG(send_fentry, struct sock *sk, struct msghdr *msg, size_t size)
{
	/* typed loads through msghdr's iov_iter fail the 6.1 verifier: read as kprobes do */
	return handle_send(false, sk, msg);
}

SEC("kprobe/tcp_sendmsg")
int BPF_KPROBE(send_kprobe, struct sock *sk, struct msghdr *msg, size_t size)
{
	return handle_send(false, sk, msg);
}

SEC("tp_btf/tcp_sendmsg_locked")
int BPF_PROG(send_tp_btf, struct sock *sk, struct msghdr *msg)
{
	return handle_send(true, sk, msg);
}

SEC("raw_tp/tcp_sendmsg_locked")
int BPF_PROG(send_raw_tp, struct sock *sk, struct msghdr *msg)
{
	return handle_send(false, sk, msg);
}

SEC("fentry/tcp_set_state")
int BPF_PROG(send_fentry_close, struct sock *sk, int state)
{
	return state == TCP_CLOSE ? close_socket(false, sk, HOOK_HTTP) : 0;
}

SEC("kprobe/tcp_set_state")
int BPF_KPROBE(send_kprobe_close, struct sock *sk, int state)
{
	return state == TCP_CLOSE ? close_socket(false, sk, HOOK_HTTP) : 0;
}

SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(send_tp_btf_close, struct sock *sk, int oldstate, int newstate)
{
	return newstate == TCP_CLOSE ? close_socket(true, sk, HOOK_HTTP) : 0;
}

SEC("raw_tp/inet_sock_set_state")
int BPF_PROG(send_raw_tp_close, struct sock *sk, int oldstate, int newstate)
{
	return newstate == TCP_CLOSE ? close_socket(false, sk, HOOK_HTTP) : 0;
}
