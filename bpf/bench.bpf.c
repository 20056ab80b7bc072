// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark only (scripts/bench, scripts/bench.d/recordgen.c); no hook loads it. Emits
 * ctx[0] ICMP records of the real format per run, in the context of the task that runs
 * it with BPF_PROG_TEST_RUN, into the ring buffer, counters and process set of a running
 * consumer (the loader reuses that consumer's maps). It drives the user-space pipeline
 * (ring, decoder, JFR) beyond the rate real packets reach on a small machine: one system
 * call yields many records, each reserved, filled (its own timestamp) and submitted as
 * icmp.bpf.c does, so the consumer sees what a flood of pings would give it.
 *
 * The floor_* programs (scripts/bench.d/ringstat.c attaches them on the icmp hook's
 * tracepoint during a real flood) measure what any recorded event costs on the machine
 * before it looks at a packet: bpf_stats' own clock reads around an empty program, a
 * timestamp, a timestamped record through the ring.
 */
#include "common.bpf.h"

struct bench_ctx {
	__u32 seq;
};

static long emit_one(__u32 i, void *data)
{
	struct bench_ctx *c = data;
	struct icmp_record *r;
	__u64 pid_tgid = bpf_get_current_pid_tgid();

	r = bpf_ringbuf_reserve(&rb, sizeof(*r), 0);
	if (!r) {
		count(HOOK_ICMP, true);
		return 0;
	}
	fill_header(&r->header, RECORD_ICMP, pid_tgid, 0);
	r->family = AF_INET;
	r->icmp_type = 8;
	r->icmp_code = 0;
	r->_pad = 0;
	r->icmp_id = bpf_htons(pid_tgid >> 32);
	r->icmp_sequence = bpf_htons(c->seq + i);
	r->length = 36;
	r->_pad2 = 0;
	__builtin_memset(r->saddr, 0, sizeof(r->saddr));
	__builtin_memset(r->daddr, 0, sizeof(r->daddr));
	r->saddr[0] = 127;
	r->saddr[3] = 1;
	r->daddr[0] = 127;
	r->daddr[3] = 2;
	bpf_ringbuf_submit(r, submit_flags());
	count(HOOK_ICMP, false);
	return 0;
}

/* ctx: { records to emit, first ICMP sequence number } */
SEC("raw_tp")
int bench_icmp(__u64 *ctx)
{
	struct bench_ctx c = { .seq = ctx[1] };
	__u32 n = ctx[0];

	announce_process(bpf_get_current_pid_tgid());
	bpf_loop(n > 65536 ? 65536 : n, emit_one, &c, 0);
	return 0;
}

SEC("tp_btf/net_dev_queue")
int BPF_PROG(floor_empty)
{
	return 0;
}

__u64 floor_clock_ns;

SEC("tp_btf/net_dev_queue")
int BPF_PROG(floor_clock)
{
	floor_clock_ns = bpf_ktime_get_ns(); /* a global, so the call stays */
	return 0;
}

/* An ICMP-sized record with only its header filled: ringstat counts and times it like any. */
SEC("tp_btf/net_dev_queue")
int BPF_PROG(floor_record)
{
	struct icmp_record *r = bpf_ringbuf_reserve(&rb, sizeof(*r), 0);

	if (!r)
		return 0;
	fill_header(&r->header, RECORD_ICMP, bpf_get_current_pid_tgid(), 0);
	bpf_ringbuf_submit(r, submit_flags());
	return 0;
}
