/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The subset of kernel types netjfr reads, written by hand. Every struct carries
 * preserve_access_index, so libbpf relocates each field access against the running
 * kernel's BTF (CO-RE): only the field names matter, not these offsets.
 * Structs with a "___flavor" suffix describe older kernel layouts; libbpf ignores the
 * suffix when matching and bpf_core_field_exists() tells which one the kernel has.
 */
#ifndef NETJFR_VMLINUX_MIN_H
#define NETJFR_VMLINUX_MIN_H
/* tells bpf_tracing.h to use the kernel's pt_regs field names */
#define __VMLINUX_H__

typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long long __u64;
typedef signed char __s8;
typedef short __s16;
typedef int __s32;
typedef long long __s64;
typedef __u16 __be16;
typedef __u32 __be32;
typedef __u32 __wsum;
typedef _Bool bool;
typedef unsigned long size_t;
typedef int pid_t;
enum { false = 0, true = 1 };

enum bpf_map_type {
	BPF_MAP_TYPE_HASH = 1,
	BPF_MAP_TYPE_ARRAY = 2,
	BPF_MAP_TYPE_PERCPU_ARRAY = 6,
	BPF_MAP_TYPE_LRU_HASH = 9,
	BPF_MAP_TYPE_HASH_OF_MAPS = 13,
	BPF_MAP_TYPE_SK_STORAGE = 24,
	BPF_MAP_TYPE_RINGBUF = 27,
};

/* uapi linux/bpf.h: what bpf_get_ns_current_pid_tgid fills */
struct bpf_pidns_info {
	__u32 pid;
	__u32 tgid;
};

enum {
	BPF_ANY = 0,
	BPF_NOEXIST = 1,
	BPF_RB_NO_WAKEUP = 1,
	BPF_RB_FORCE_WAKEUP = 2,
	BPF_RB_AVAIL_DATA = 0,
	BPF_RB_RING_SIZE = 1,
	BPF_F_NO_PREALLOC = 1,
	BPF_SK_STORAGE_GET_F_CREATE = 1,
};

#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)

struct in6_addr {
	union {
		__u8 u6_addr8[16];
	} in6_u;
};

struct mm_struct {
	unsigned long arg_start;
	unsigned long arg_end;
};

struct task_struct {
	pid_t pid;
	pid_t tgid;
	struct task_struct *group_leader;
	struct mm_struct *mm;
	char comm[16];
};

struct file;

struct socket {
	struct file *file;
};

struct sock_common {
	__be32 skc_daddr;
	__be32 skc_rcv_saddr;
	__be16 skc_dport;
	__u16 skc_num;
	unsigned short skc_family;
	struct in6_addr skc_v6_daddr;
	struct in6_addr skc_v6_rcv_saddr;
};

struct sock {
	struct sock_common __sk_common;
	struct socket *sk_socket;
	__u16 sk_protocol;
};

struct inet_sock {
	__be16 inet_sport;
};

struct tcp_sock {
	__u32 write_seq;
	__u32 copied_seq;
};

struct sk_buff {
	struct sock *sk;
	unsigned int len;
	__be16 protocol;
	__u16 transport_header;
	__u16 network_header;
	unsigned char *head;
};

struct iovec {
	void *iov_base;
	size_t iov_len;
};

/* Linux >= 6.4: ITER_UBUF, the iovec pointer is called __iov. */
struct iov_iter {
	__u8 iter_type;
	size_t iov_offset;
	size_t count;
	void *ubuf;
	const struct iovec *__iov;
};

/* Linux 6.0 - 6.3: iter_type exists, the iovec pointer is still called iov. */
struct iov_iter___v60 {
	__u8 iter_type;
	size_t iov_offset;
	size_t count;
	void *ubuf;
	const struct iovec *iov;
};

/* Linux < 6.0: a type bit mask instead of iter_type, no ITER_UBUF. */
struct iov_iter___v5 {
	unsigned int type;
	size_t iov_offset;
	size_t count;
	const struct iovec *iov;
};

struct msghdr {
	struct iov_iter msg_iter;
};

/* x86-64 register layout, for the kprobe argument macros. */
struct pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	unsigned long ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss;
};

/*
 * The raw records of the tracepoints the tp_btf programs use (tcp_sendmsg_locked; sock_recv_length,
 * of the class sock_msg_length): only whether the kernel has them is asked (bpf_core_type_exists).
 */
struct trace_event_raw_tcp_sendmsg_locked {
	__u64 skaddr;
};

struct trace_event_raw_sock_msg_length {
	__u64 sk;
};

#pragma clang attribute pop

enum iter_type {
	ITER_UBUF = 0,
	ITER_IOVEC = 1,
};

#endif
