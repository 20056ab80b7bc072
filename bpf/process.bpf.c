// SPDX-License-Identifier: GPL-2.0
/*
 * Keeps the kernel's known_processes set honest: after exec a process has a new
 * command line, and after exit its pid may be reused, so either forgets the entry (and
 * moves process_epoch on, which voids each CPU's last_announced) and the next packet
 * announces the process again. This object also creates the shared maps.
 */
#include "common.bpf.h"

static __always_inline int forget_current(void)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u32 tgid = pid_tgid >> 32, zero = 0;
	__u64 *epoch;

	/* exit fires per thread; only the leader's exit ends the process */
	if (tgid != (__u32)pid_tgid)
		return 0;
	bpf_map_delete_elem(&known_processes, &tgid);
	epoch = bpf_map_lookup_elem(&process_epoch, &zero);
	if (epoch)
		__sync_fetch_and_add(epoch, 1);
	return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(process_tp_btf_exec)
{
	return forget_current();
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(process_tp_btf_exit)
{
	return forget_current();
}

SEC("raw_tp/sched_process_exec")
int BPF_PROG(process_raw_tp_exec)
{
	return forget_current();
}

SEC("raw_tp/sched_process_exit")
int BPF_PROG(process_raw_tp_exit)
{
	return forget_current();
}

SEC("tracepoint/sched/sched_process_exec")
int process_tracepoint_exec(void *args)
{
	return forget_current();
}

SEC("tracepoint/sched/sched_process_exit")
int process_tracepoint_exit(void *args)
{
	return forget_current();
}
