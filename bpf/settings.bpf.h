/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The consumer's live settings (struct live_settings): which event types it wants, the
 * response latency threshold and a throttle per event type, applied before a record is
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
 * A record of this event type (enum settings_event) may go: it is wanted and within its
 * throttle. The throttle counts in windows of a second; CPUs that start a window or take
 * the last place at once may let a few more through.
 */
static __always_inline bool admitted(struct live_settings *s, __u32 event)
{
	__u32 i = event & (SETTINGS_EVENTS - 1), limit;
	__u64 second;

	if (!s)
		return true; /* routed without a client: ring_for finds none either */
	if (s->unwanted & (1 << i))
		return false;
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

/*
 * A response written request_ns after the server read the request, or read after the
 * client sent it (0: unknown), is fast enough that no record of it is wanted.
 */
static __always_inline bool below_threshold(const struct live_settings *s, __u64 request_ns)
{
	return s && s->response_threshold_ns && request_ns &&
	       bpf_ktime_get_ns() - request_ns < s->response_threshold_ns;
}

/*
 * A head piece (flags: enum http_flags) may go: a request or response by its event type's
 * settings, a response also by the threshold (request_ns: when the server read the request
 * or the client sent it, 0: unknown); a continuation follows its head, which was admitted.
 */
static __always_inline bool head_admitted(struct live_settings *s, __u8 flags, __u64 request_ns)
{
	if (flags & HTTP_HEAD_CONTINUATION)
		return true;
	if (flags & HTTP_HEAD_START)
		return admitted(s, SETTINGS_HTTP_REQUEST);
	return !below_threshold(s, request_ns) && admitted(s, SETTINGS_HTTP_RESPONSE);
}

#endif
