// SPDX-License-Identifier: GPL-2.0
/*
 * HTTP/1.x read from TCP sockets: responses a client reads ("HTTP/1." at the start of a
 * read) are captured with the same rules as the send side (send.bpf.c): HTTP_HEAD_MAX
 * bytes (a longer head in one long record), the TCP sequence number of the first byte
 * (copied_seq), continuations while the head's end has not been seen, a close record at
 * TCP_CLOSE for sockets that carried one. A request a server reads (an HTTP method there) only times the response the server
 * writes: its time goes into the socket's state (struct sock_state, http.bpf.h), no record.
 *
 * The data is in user memory once the receive is done, so each mode hooks the end:
 * - tp_btf / raw_tp: sock_recv_length(sk, ret, flags) fires when sock_recvmsg returns, in
 *   the reading task. The user buffer comes from that task's syscall registers
 *   (bpf_task_pt_regs): read/recvfrom pass it directly, readv/recvmsg through an iovec.
 *   Nothing runs on other syscalls, so there is no per-syscall cost.
 * - fentry / kprobe: tcp_recvmsg entry stashes the msghdr's user buffer per thread,
 *   fexit / kretprobe reads it back with the return value.
 */
#include "http.bpf.h"

#define MSG_PEEK 2
#define MSG_TRUNC 0x20 /* TCP: the bytes are discarded, the buffer is not written */
#define IPPROTO_TCP 6

/* x86-64 syscall numbers of the reads whose buffer can be found from their registers. */
#define NR_READ 0
#define NR_READV 19
#define NR_RECVFROM 45
#define NR_RECVMSG 47

struct recv_call {
	__u64 sk;
	const char *buf;
	__u64 avail;
};

/* fentry / kprobe only: tcp_recvmsg calls in progress, by thread. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32);
	__type(value, struct recv_call);
} recv_calls SEC(".maps");

/* The first iovec of a user iovec array. */
static __always_inline bool first_iovec(const void *uiov, const char **buf, __u64 *len)
{
	struct { const char *base; __u64 len; } iov;

	if (bpf_probe_read_user(&iov, sizeof(iov), uiov))
		return false;
	*buf = iov.base;
	*len = iov.len;
	return true;
}

/* A server read the start of a request (start: its first bytes) from sk, whose state ss is. */
static __always_inline int note_request(bool btf, struct sock *sk, struct sock_state *ss, const char *start)
{
	struct server_request *q = &ss->request;

	q->read_ns = bpf_ktime_get_ns();
	q->write_seq = write_seq_of(btf, sk);
	q->flags = start[0] == 'H' ? HTTP_ANSWERS_HEAD : start[0] == 'C' ? HTTP_ANSWERS_CONNECT : 0;
	q->flags |= method_of(start) << 8; /* issue 18: for the summaries */
	return 0;
}

/* ret bytes were just copied to buf (avail of them contiguous) from sk. */
static __always_inline int handle_recv(bool btf, struct sock *sk, const char *buf, __u64 avail, int ret)
{
	struct sock_state *ss;
	char peek[HEAD_PEEK] __attribute__((aligned(8))) = {}; /* so emit_head copies it by words, not bytes */
	bool response;

	if (ret <= 0 || avail == 0)
		return 0;
	if (avail > (__u64)ret)
		avail = ret;
	ss = sock_state_of(btf, sk, false);
	/*
	 * A request waits for its response and the server has written nothing since: this read
	 * is its body (or pipelined requests, which are not timed), not looked at
	 */
	if (ss && ss->request.read_ns && ss->request.write_seq == write_seq_of(btf, sk))
		return 0;
	if (bpf_probe_read_user(peek, avail < HEAD_PEEK ? avail & (HEAD_PEEK - 1) : HEAD_PEEK, buf))
		return 0;
	response = is_response(peek);
	if (!ss && (response || is_method(peek)))
		ss = sock_state_of(btf, sk, true);
	if (!ss)
		return 0;
	if (!response) {
		if (is_method(peek))
			return note_request(btf, sk, ss, peek);
		if (!ss->received.open)
			return 0;
	}
	/* copied_seq already counts this read */
	emit_head(btf, sk, bpf_get_current_pid_tgid(), HOOK_RECV,
		  HTTP_RECEIVED | (response ? HTTP_RESPONSE_START : HTTP_HEAD_CONTINUATION), peek, buf, avail, ret,
		  copied_seq_of(btf, sk) - (__u32)ret, ss, &ss->received);
	return 0;
}

/* sock_recv_length: the read syscall in progress says where the bytes went. */
static __always_inline int recv_from_syscall(bool btf, struct sock *sk, int ret, int flags)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct pt_regs *regs;
	const char *buf = 0;
	__u64 len = 0, arg2;
	long nr;

	if (ret <= 0 || (flags & (MSG_PEEK | MSG_TRUNC)) || process_filtered_out(pid_tgid))
		return 0;
	if (READ(btf, sk, sk_protocol) != IPPROTO_TCP || sock_filtered_out(sk))
		return 0;
	if (!cfg.routed && !anything_wanted(settings_for(pid_tgid >> 32), 1 << SETTINGS_HTTP_RESPONSE, true))
		return 0; /* a read shows only responses, and a server's request only times its response */
	regs = (struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());
	nr = READ(btf, regs, orig_ax);
	arg2 = READ(btf, regs, si);
	if (nr == NR_READ || nr == NR_RECVFROM) {
		buf = (const char *)arg2;
		len = READ(btf, regs, dx);
	} else if (nr == NR_READV) {
		if (!first_iovec((const void *)arg2, &buf, &len))
			return 0;
	} else if (nr == NR_RECVMSG) {
		const void *uiov;

		/* struct user_msghdr: msg_name, msg_namelen (padded), msg_iov at 16 */
		if (bpf_probe_read_user(&uiov, sizeof(uiov), (const char *)arg2 + 16) ||
		    !first_iovec(uiov, &buf, &len))
			return 0;
	} else {
		return 0; /* recvmmsg, io_uring, kernel readers: not followed */
	}
	return handle_recv(btf, sk, buf, len, ret);
}

SEC("tp_btf/sock_recv_length")
int BPF_PROG(recv_tp_btf, struct sock *sk, int ret, int flags)
{
	return recv_from_syscall(true, sk, ret, flags);
}

SEC("raw_tp/sock_recv_length")
int BPF_PROG(recv_raw_tp, struct sock *sk, int ret, int flags)
{
	return recv_from_syscall(false, sk, ret, flags);
}

/*
 * tcp_recvmsg(sk, msg, len, nonblock, flags, addr_len) before 5.19, (sk, msg, len, flags,
 * addr_len) since: flags is the 5th or the 4th argument. The other one is 0 or
 * MSG_DONTWAIT (nonblock), or an aligned pointer (addr_len), so neither has MSG_PEEK's
 * bit set and OR-ing both tells a peek on either signature.
 */
static __always_inline int recv_enter(bool btf, struct sock *sk, struct msghdr *msg, long arg4, long arg5)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)pid_tgid;
	struct recv_call call = {};
	struct payload p;

	if (process_filtered_out(pid_tgid) || sock_filtered_out(sk))
		return 0;
	if (!cfg.routed && !anything_wanted(settings_for(pid_tgid >> 32), 1 << SETTINGS_HTTP_RESPONSE, true))
		return 0;
	if (((arg4 | arg5) & MSG_PEEK) || !read_payload(btf, msg, &p)) {
		bpf_map_delete_elem(&recv_calls, &tid);
		return 0;
	}
	call.sk = (__u64)sk;
	call.buf = p.base;
	call.avail = p.avail;
	bpf_map_update_elem(&recv_calls, &tid, &call, BPF_ANY);
	return 0;
}

static __always_inline int recv_exit(int ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct recv_call *call = bpf_map_lookup_elem(&recv_calls, &tid);
	struct recv_call c;

	if (!call)
		return 0;
	c = *call;
	bpf_map_delete_elem(&recv_calls, &tid);
	return handle_recv(false, (struct sock *)c.sk, c.buf, c.avail, ret); /* sk was saved as a number */
}

SEC("fentry/tcp_recvmsg")
int BPF_PROG(recv_fentry, struct sock *sk, struct msghdr *msg, size_t len, long arg4, long arg5)
{
	/* typed loads through msghdr's iov_iter fail the 6.1 verifier: read as kprobes do */
	return recv_enter(false, sk, msg, arg4, arg5);
}

/* fexit's return value sits after the arguments, whose number changed in 5.19: ask for it. */
SEC("fexit/tcp_recvmsg")
int recv_fentry_exit(void *ctx)
{
	__u64 ret = 0;

	bpf_get_func_ret(ctx, &ret);
	return recv_exit((int)ret);
}

SEC("kprobe/tcp_recvmsg")
int BPF_KPROBE(recv_kprobe, struct sock *sk, struct msghdr *msg, size_t len, long arg4, long arg5)
{
	return recv_enter(false, sk, msg, arg4, arg5);
}

SEC("kretprobe/tcp_recvmsg")
int BPF_KRETPROBE(recv_kprobe_exit, int ret)
{
	return recv_exit(ret);
}

SEC("fentry/tcp_set_state")
int BPF_PROG(recv_fentry_close, struct sock *sk, int state)
{
	return state == TCP_CLOSE ? close_socket(false, sk, HOOK_RECV) : 0;
}

SEC("kprobe/tcp_set_state")
int BPF_KPROBE(recv_kprobe_close, struct sock *sk, int state)
{
	return state == TCP_CLOSE ? close_socket(false, sk, HOOK_RECV) : 0;
}

SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(recv_tp_btf_close, struct sock *sk, int oldstate, int newstate)
{
	return newstate == TCP_CLOSE ? close_socket(true, sk, HOOK_RECV) : 0;
}

SEC("raw_tp/inet_sock_set_state")
int BPF_PROG(recv_raw_tp_close, struct sock *sk, int oldstate, int newstate)
{
	return newstate == TCP_CLOSE ? close_socket(false, sk, HOOK_RECV) : 0;
}
