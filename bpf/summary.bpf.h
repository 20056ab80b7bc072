/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HTTP summaries (issue 18): every exchange a process serves or makes, counted in the
 * kernel when its response head goes by, whether or not the consumer's settings (threshold,
 * throttle) make a record of it, so a low-overhead recording still knows how many there
 * were and how long they took. Only while the consumer asks for them (live_settings.summarize & SUMMARY_HTTP).
 * A client's latency is timed here too (its request's send time waits per socket), also for
 * the latency threshold, which then drops a client's fast responses in the kernel as well.
 */
#ifndef NETJFR_SUMMARY_BPF_H
#define NETJFR_SUMMARY_BPF_H

#include "settings.bpf.h"

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, MAX_SUMMARIES);
	__type(key, struct summary_key);
	__type(value, struct summary_value);
} summaries SEC(".maps");

/* A new row's value, all zero, never written: too big for the stack next to a head's peek. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct summary_value);
} summary_zero SEC(".maps");

/* A client's request sent and not answered yet: part of the socket's state (struct sock_state, http.bpf.h). */
struct client_request {
	__u64 sent_ns;
	__u32 method;
	__u32 _pad;
};

/* enum http_method of a request line's first bytes (is_method said it is one). */
static __always_inline __u32 method_of(const char *b)
{
	switch (b[0]) {
	case 'G': return METHOD_GET;
	case 'H': return METHOD_HEAD;
	case 'P': return b[1] == 'O' ? METHOD_POST : b[1] == 'U' ? METHOD_PUT : METHOD_PATCH;
	case 'D': return METHOD_DELETE;
	case 'O': return METHOD_OPTIONS;
	case 'C': return METHOD_CONNECT;
	case 'T': return METHOD_TRACE;
	}
	return METHOD_OTHER;
}

/*
 * The histogram bucket of a latency: two per power of two of microseconds, no loop. A global
 * function, so the verifier checks it once on its own: inlined, each of its six steps split
 * every path that reaches it in two, and the rest of summarize was followed once per bucket.
 */
__noinline __u32 bucket_of(__u64 ns)
{
	__u64 us = ns / 1000;
	__u32 log = 0;

	if (!us)
		return 0;
	if (us >> 32) { us >>= 32; log += 32; }
	if (us >> 16) { us >>= 16; log += 16; }
	if (us >> 8) { us >>= 8; log += 8; }
	if (us >> 4) { us >>= 4; log += 4; }
	if (us >> 2) { us >>= 2; log += 2; }
	if (us >> 1) { us >>= 1; log += 1; }
	/* the bit below the leading one picks the upper half of the octave */
	log = log * 2 + (log ? ((ns / 1000) >> (log - 1)) & 1 : 0);
	return log < SUMMARY_BUCKETS ? log : SUMMARY_BUCKETS - 1;
}

/*
 * A client sent a request head (peek: its first bytes) on the socket whose request q is:
 * its time and method wait for the response, for the summaries and the latency threshold.
 */
static __always_inline void note_client_request(const struct live_settings *s, struct client_request *q,
						const char *peek)
{
	if (!s || !(s->summarize & SUMMARY_HTTP || s->response_threshold_ns))
		return;
	q->sent_ns = bpf_ktime_get_ns();
	q->method = method_of(peek);
}

/*
 * A client read a response on the socket whose request q is: when the request was sent (0:
 * not seen) and its flags (HTTP_ANSWERS_HEAD, HTTP_ANSWERS_CONNECT), its method << 8 above
 * them, as a server's (struct server_request). A final response answers it; after an
 * informational one (100 Continue) it still waits for the final.
 */
static __always_inline __u64 answer_client_request(struct client_request *q, bool final, __u32 *answers)
{
	__u64 sent_ns = q->sent_ns;

	if (!sent_ns)
		return 0;
	*answers = q->method << 8 | (q->method == METHOD_HEAD ? HTTP_ANSWERS_HEAD :
				     q->method == METHOD_CONNECT ? HTTP_ANSWERS_CONNECT : 0);
	if (final)
		q->sent_ns = 0;
	return sent_ns;
}

/*
 * A response head went by (flags: enum http_flags; peek: its first bytes, avail of them;
 * total: bytes of the send or read): one more exchange in its row, with its latency when
 * known (latency_ns: since the server read the request, or the client sent it; 0: unknown), the
 * request's method and whether a record was made of it.
 */
static __always_inline void summarize(const struct live_settings *s, bool btf, struct sock *sk, __u64 pid_tgid,
				      __u8 flags, const char *peek, __u64 avail, __u32 total, __u64 latency_ns,
				      __u32 method, bool recorded)
{
	struct summary_value *v, *zero;
	struct summary_key k = {};
	__u32 first = 0;
	__u8 saddr[16] = {}, daddr[16] = {}; /* IPv4 fills 4 bytes: the rest of the key stays zero */
	__u16 sport, dport;

	if (!s || !(s->summarize & SUMMARY_HTTP))
		return;
	k.client = !!(flags & HTTP_RECEIVED);
	read_sock_addresses(btf, sk, &k.family, saddr, daddr, &sport, &dport);
	__builtin_memcpy(k.peer, daddr, 16);
	k.port = k.client ? dport : sport;
	k.host_pid = pid_tgid >> 32;
	k.method = method;
	/* "HTTP/1.1 200" */
	k.status_class = avail > 9 && peek[9] >= '1' && peek[9] <= '5' ? peek[9] - '0' : 0;
	v = bpf_map_lookup_elem(&summaries, &k);
	if (!v) {
		zero = bpf_map_lookup_elem(&summary_zero, &first);
		if (!zero)
			return;
		bpf_map_update_elem(&summaries, &k, zero, 1 /* BPF_NOEXIST: another CPU may have just added it */);
		v = bpf_map_lookup_elem(&summaries, &k);
		if (!v)
			return;
	}
	__sync_fetch_and_add(&v->exchanges, 1);
	if (recorded)
		__sync_fetch_and_add(&v->recorded, 1);
	__sync_fetch_and_add(&v->bytes, total);
	if (!latency_ns)
		return;
	__sync_fetch_and_add(&v->buckets[bucket_of(latency_ns) & (SUMMARY_BUCKETS - 1)], 1);
	if (latency_ns > v->max_ns)
		v->max_ns = latency_ns; /* a race may keep the smaller of two at once */
}

#endif
