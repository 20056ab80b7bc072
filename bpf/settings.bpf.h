/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The consumer's live settings (struct live_settings): which event types it wants, filters
 * by host and port, the response latency threshold and a throttle per event type, applied before a record is
 * reserved, so what no recording wants costs no ring record, no decode and no commit.
 * One mechanism for both modes: the settings map (direct mode: agent, record, watch) or
 * the record's client in the clients map (routed mode: the node daemon's clients).
 */
#ifndef NETJFR_SETTINGS_BPF_H
#define NETJFR_SETTINGS_BPF_H

#include "common.bpf.h"

#define NS_PER_SEC 1000000000ULL

/* Direct mode's one set of settings, written by user space whenever recordings change. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct live_settings);
} settings SEC(".maps");

/* The settings of whoever gets this process's (host tgid) records; NULL: none (routed, no client). */
static __always_inline struct live_settings *settings_for(__u32 tgid)
{
	struct client_config *c;
	__u32 zero = 0;

	if (!cfg.routed)
		return bpf_map_lookup_elem(&settings, &zero);
	c = client_of(tgid);
	return c ? &c->settings : NULL;
}

/*
 * The filter of this event type (enum settings_event), in the settings of process tgid,
 * wants a connection to the address lo:hi (IPv6, or IPv4 as ::ffff:a.b.c.d, as user space
 * writes it, so a dual-stack socket matches too) with one of the ports (sport << 16 |
 * dport). A global function, so the verifier checks it once on its own: inlined, its
 * unrolled loops were explored again on every path of the send program that reaches it, and
 * took that program past the verifier's million instructions.
 */
__noinline int filter_wants(__u32 tgid, __u32 event, __u64 lo, __u64 hi, __u32 ports)
{
	struct live_settings *s = settings_for(tgid);
	const struct live_filter *f;
	__u16 sport = ports >> 16, dport = ports;
	__u64 found = 0;

	if (!s)
		return 1;
	f = &s->filter[event & (SETTINGS_EVENTS - 1)];
	if (f->ports) {
#pragma unroll
		for (int i = 0; i < FILTER_PORTS; i++)
			found |= i < f->ports && (f->port[i] == sport || f->port[i] == dport);
		if (!found)
			return 0;
	}
	if (!f->hosts)
		return 1;
	found = 0;
#pragma unroll
	for (int i = 0; i < FILTER_HOSTS; i++) {
		__u64 flo, fhi;

		__builtin_memcpy(&flo, f->host[i], 8);
		__builtin_memcpy(&fhi, f->host[i] + 8, 8);
		found |= i < f->hosts && flo == lo && fhi == hi;
	}
	return found != 0;
}

/*
 * The filter of this event type wants what goes to addr (family: AF_INET with the address
 * in its first 4 bytes, or AF_INET6) with these ports; nothing is compared while no filter
 * is set.
 */
static __always_inline bool filter_passes(const struct live_settings *s, __u32 tgid, __u32 event, __u8 family,
					  const __u8 *addr, __u16 sport, __u16 dport)
{
	const struct live_filter *f = &s->filter[event & (SETTINGS_EVENTS - 1)];
	__u64 lo, hi;
	__u32 v4;

	if (!f->hosts && !f->ports)
		return true;
	if (family == AF_INET) {
		__builtin_memcpy(&v4, addr, 4);
		lo = 0;
		hi = 0xffff0000ULL | (__u64)v4 << 32;
	} else {
		__builtin_memcpy(&lo, addr, 8);
		__builtin_memcpy(&hi, addr + 8, 8);
	}
	return filter_wants(tgid, event, lo, hi, (__u32)sport << 16 | dport);
}

/* The filter of this event type wants the socket's connection; its addresses are read only when a filter is set. */
static __always_inline bool sock_filter_passes(const struct live_settings *s, __u32 tgid, __u32 event, bool btf,
					       struct sock *sk)
{
	const struct live_filter *f = &s->filter[event & (SETTINGS_EVENTS - 1)];
	__u8 family, saddr[16] = {}, daddr[16] = {};
	__u16 sport, dport;

	if (!f->hosts && !f->ports)
		return true;
	read_sock_addresses(btf, sk, &family, saddr, daddr, &sport, &dport);
	return filter_passes(s, tgid, event, family, daddr, sport, dport);
}

/*
 * A record of this event type (enum settings_event) that passed its filter may go: it is
 * wanted and within its throttle. The throttle counts in windows of a second; CPUs that
 * start a window or take the last place at once may let a few more through.
 */
static __always_inline bool within_throttle(struct live_settings *s, __u32 event)
{
	__u32 i = event & (SETTINGS_EVENTS - 1), limit;
	__u64 second;

	limit = s->throttle[i];
	if (!limit)
		return true;
	second = bpf_ktime_get_ns() / NS_PER_SEC;
	if (s->window[i] != second) {
		s->window[i] = second;
		s->used[i] = 0;
	}
	if (s->used[i] >= limit)
		return false;
	__sync_fetch_and_add(&s->used[i], 1); /* its value unused: 5.10 has no atomic fetch */
	return true;
}

/* The event type is wanted at all (s NULL: routed without a client, where ring_for finds none either). */
static __always_inline bool wanted(const struct live_settings *s, __u32 event)
{
	return !s || !(s->unwanted & (1 << (event & (SETTINGS_EVENTS - 1))));
}

/* A packet to addr (family: AF_INET, AF_INET6) of this event type may go: wanted, through its filter and throttle. */
static __always_inline bool packet_admitted(struct live_settings *s, __u32 tgid, __u32 event, __u8 family,
					    const __u8 *addr)
{
	if (!s)
		return true;
	return wanted(s, event) && filter_passes(s, tgid, event, family, addr, 0, 0) && within_throttle(s, event);
}

/* A send on sk of this event type may go: wanted, through its filter and throttle. */
static __always_inline bool sock_admitted(struct live_settings *s, __u32 tgid, __u32 event, bool btf,
					  struct sock *sk)
{
	if (!s)
		return true;
	return wanted(s, event) && sock_filter_passes(s, tgid, event, btf, sk) && within_throttle(s, event);
}

/* Whether a setting needs a response's latency: the threshold, or the HTTP summary. */
static __always_inline bool latency_wanted(const struct live_settings *s)
{
	return s && (s->response_threshold_ns || s->summarize & SUMMARY_HTTP);
}

/*
 * A response latency_ns after the server read the request, or read after the client sent
 * it (0: unknown), is fast enough that no record of it is wanted.
 */
static __always_inline bool below_threshold(const struct live_settings *s, __u64 latency_ns)
{
	return s && s->response_threshold_ns && latency_ns && latency_ns < s->response_threshold_ns;
}

/*
 * A head piece (flags: enum http_flags) on sk may go: a request or response by its event
 * type's settings, a response also by the threshold (latency_ns: how long it took since the
 * server read the request or the client sent it, 0: unknown); a continuation follows its
 * head, which was admitted.
 */
static __always_inline bool head_admitted(struct live_settings *s, __u32 tgid, bool btf, struct sock *sk,
					  __u8 flags, __u64 latency_ns)
{
	__u32 event = flags & HTTP_HEAD_START ? SETTINGS_HTTP_REQUEST : SETTINGS_HTTP_RESPONSE;

	if (flags & HTTP_HEAD_CONTINUATION || !s)
		return true;
	if (!wanted(s, event) || (event == SETTINGS_HTTP_RESPONSE && below_threshold(s, latency_ns)))
		return false;
	/* one call of the filter for both */
	return sock_filter_passes(s, tgid, event, btf, sk) && within_throttle(s, event);
}

#endif
