/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Records shared by the kernel programs and the Java decoder: the one definition.
 * Every record starts with struct record_header; fields are fixed-width and padded
 * explicitly. The Java side (io.netjfr.event.RecordLayout) is checked against the BTF
 * of the compiled objects by RecordLayoutTest.
 */
#ifndef NETJFR_H
#define NETJFR_H

#define COMM_LEN 16
#define CMDLINE_MAX 4096     /* bytes of mm->arg_start..arg_end captured */
#define HTTP_HEAD_MAX 512    /* bytes of an HTTP head in one record */
#define HTTP_HEAD_LONG 16384 /* bytes of a head captured in all, in a long record or in pieces */
#define HTTP_HEAD_PIECES 128 /* records of one head (a head written a byte at a time takes one per byte) */
#define HTTP_METHOD_MAX 20   /* longest method taken from any token (RFC 9110: a method is a token) */
#define TLS_HELLO_MAX 4096   /* bytes of a ClientHello captured (post-quantum key shares exceed 1.5 KB) */
#define MAX_CLIENTS 1024     /* processes the node daemon serves at once */
#define CLIENT_RING_TEMPLATE 4096 /* client_rings' declared inner ring: the daemon sizes each client's own */
#define CLIENT_HOOK_SLOTS 8  /* counters per client: HOOK_COUNT rounded up, so a mask bounds the index */

enum record_kind {
	RECORD_PROCESS = 1,
	RECORD_ICMP = 2,
	RECORD_HTTP = 3,
	RECORD_CLOSE = 4,
	RECORD_TLS = 5,
};

/* Indexes of the per-hook counters in the stats map. */
enum hook_id {
	HOOK_PROCESS = 0,
	HOOK_ICMP = 1,
	HOOK_HTTP = 2,
	HOOK_TLS = 3,
	HOOK_RECV = 4,
	HOOK_COUNT = 5,
};

struct record_header {
	__u32 kind;
	__u32 pid;          /* tgid as the consumer's pid namespace sees it; 0: not visible there */
	__u32 tid;          /* likewise */
	__u32 host_pid;     /* tgid in the initial pid namespace: the process's identity on the machine */
	__u64 ktime_ns;     /* CLOCK_MONOTONIC */
	__u64 cgroup_id;    /* the sender's cgroup v2 id (the inode of its cgroupfs directory) */
	char comm[COMM_LEN]; /* the sending thread's name */
};

/* Sent once per process (again after exec): the packet records carry only pid/tid. */
struct process_record {
	struct record_header header;
	char comm[COMM_LEN];        /* comm of the thread group leader */
	__u32 cmdline_len;          /* bytes valid in cmdline, NUL separated */
	__u32 cmdline_truncated;    /* 1 when the command line is longer than CMDLINE_MAX */
	char cmdline[CMDLINE_MAX];
};

struct icmp_record {
	struct record_header header;
	__u8 family;                /* 2 = AF_INET, 10 = AF_INET6 */
	__u8 icmp_type;
	__u8 icmp_code;
	__u8 _pad;
	__u16 icmp_id;              /* network byte order */
	__u16 icmp_sequence;        /* network byte order */
	__u32 length;               /* IP packet length */
	__u32 _pad2;
	__u8 saddr[16];             /* IPv4 in the first 4 bytes */
	__u8 daddr[16];
};

enum http_flags {
	HTTP_HEAD_START = 1,        /* the send begins a request line, or what may be one ("GE") */
	HTTP_HEAD_CONTINUATION = 2, /* later bytes of a head still open: the next send, or more of the same one */
	HTTP_RESPONSE_START = 4,    /* the bytes begin with "HTTP/1." */
	HTTP_RECEIVED = 8,          /* read from the socket (recv hook), not sent */
	HTTP_ANSWERS_HEAD = 16,     /* a response written to a HEAD request (it has no body) */
	HTTP_ANSWERS_CONNECT = 32,  /* a response written to a CONNECT request (2xx: a tunnel follows) */
};

struct http_record {
	struct record_header header;
	__u64 sock_id;              /* kernel address of the socket: connection identity */
	__u8 family;
	__u8 flags;                 /* enum http_flags */
	__u16 sport;                /* host byte order */
	__u16 dport;                /* host byte order */
	__u16 captured;             /* bytes valid in data */
	__u32 bytes;                /* bytes of this send (or receive) from data[0] to its end */
	__u32 seq;                  /* TCP sequence number of data[0]: write_seq sent, copied_seq received */
	__u64 request_ns;           /* a response: when the server read its request, or the client sent it; 0: unknown */
	__u8 saddr[16];
	__u8 daddr[16];
	char data[HTTP_HEAD_MAX];
};

/* A head longer than HTTP_HEAD_MAX in one send: the same record with more data (record length tells). */
struct http_long_record {
	struct http_record head;
	char more[HTTP_HEAD_LONG - HTTP_HEAD_MAX];
};

/* A TCP socket that carried captured HTTP reached TCP_CLOSE: its pending state ends. */
struct close_record {
	struct record_header header;
	__u64 sock_id;
};

enum tls_flags {
	TLS_HELLO_CONTINUATION = 1, /* the next send after a ClientHello's first part: its rest */
	TLS_UNRECORDED = 2,         /* no recording wants an event of it: sent only to be counted (TlsSummary) */
};

/*
 * The first bytes of a send that starts with a TLS handshake record holding a ClientHello,
 * or of the next send while the record is not complete.
 */
struct tls_record {
	struct record_header header;
	__u64 sock_id;
	__u8 family;
	__u8 flags;                 /* enum tls_flags */
	__u16 sport;                /* host byte order */
	__u16 dport;                /* host byte order */
	__u16 captured;             /* bytes valid in data */
	__u32 bytes;                /* bytes in this send */
	__u32 _pad2;
	__u8 saddr[16];
	__u8 daddr[16];
	__u8 data[TLS_HELLO_MAX];
};

struct hook_stats {
	__u64 seen;                 /* records put into the ring buffer (those lost passed the filter too) */
	__u64 lost;                 /* ring buffer reservations that failed */
};

/* What send.bpf.c captures: it serves two hooks (HTTP heads, TLS ClientHellos) with one program. */
enum capture_flags {
	CAPTURE_HTTP = 1,
	CAPTURE_TLS = 2,
};

/* A pid namespace, as stat(2) of /proc/PID/ns/pid names it; ino 0: the initial one (no translation). */
struct pidns_id {
	__u64 dev;
	__u64 ino;
};

/* Event types the consumer's settings govern one by one (JFR's netjfr.IcmpPacket, .HttpRequest, ...). */
enum settings_event {
	SETTINGS_ICMP = 0,
	SETTINGS_HTTP_REQUEST = 1,
	SETTINGS_HTTP_RESPONSE = 2,   /* written by a server or read by a client */
	SETTINGS_TLS = 3,
	SETTINGS_EVENTS = 4,
};

/* What the summaries count (live_settings.summarize), one bit each. */
enum summary_kind {
	SUMMARY_HTTP = 1,   /* every HTTP exchange, in the summaries map */
	SUMMARY_ICMP = 2,   /* every ICMP packet, in the icmp_summaries map */
	SUMMARY_TLS = 4,    /* every ClientHello reaches user space, which counts it (flagged TLS_UNRECORDED when unwanted) */
};

#define FILTER_HOSTS 8 /* addresses a filter holds */
#define FILTER_PORTS 8 /* ports a filter holds */

/*
 * The connections or packets of one event type a record is wanted of: to one of the hosts
 * (the remote end's address; IPv4 as ::ffff:a.b.c.d) and with one of the ports (either
 * end's, like netjfr_config.target_port); a count of 0: any.
 */
struct live_filter {
	__u8 hosts;
	__u8 ports;
	__u16 port[FILTER_PORTS];
	__u8 _pad[6];
	__u8 host[FILTER_HOSTS][16];
};

/*
 * What the consumer's recordings want now, changed while the programs run (struct
 * netjfr_config cannot change after load): the settings map in direct mode, each client's
 * struct client_config in routed mode. All zero: every record, as without settings.
 */
struct live_settings {
	__u64 response_threshold_ns;        /* a response a server writes sooner after the request costs no record; 0: none */
	__u32 unwanted;                     /* bit (1 << enum settings_event) per event type no record is wanted of */
	__u32 throttle[SETTINGS_EVENTS];    /* records per second by enum settings_event; 0: no limit */
	__u32 summarize;                    /* enum summary_kind: what is counted, whether or not recorded */
	/* the kernel's: the throttle's window (seconds of CLOCK_MONOTONIC) and the records let through in it */
	__u64 window[SETTINGS_EVENTS];
	__u32 used[SETTINGS_EVENTS];
	struct live_filter filter[SETTINGS_EVENTS];
};

/* A request's method in the summaries (0: another). */
enum http_method {
	METHOD_OTHER = 0,
	METHOD_GET = 1,
	METHOD_HEAD = 2,
	METHOD_POST = 3,
	METHOD_PUT = 4,
	METHOD_PATCH = 5,
	METHOD_DELETE = 6,
	METHOD_OPTIONS = 7,
	METHOD_CONNECT = 8,
	METHOD_TRACE = 9,
};

#define SUMMARY_BUCKETS 64 /* latency histogram: two buckets per power of two of microseconds */
#define MAX_SUMMARIES 4096 /* rows of the summaries map */

/*
 * A row of the HTTP summaries: exchanges of one process with one peer, by method and status
 * class, counted in the kernel whether or not a record was made of them (direct mode).
 */
struct summary_key {
	__u32 host_pid;
	__u8 client;                /* 1: the process sent the request and read the response; 0: it served it */
	__u8 family;
	__u8 method;                /* enum http_method */
	__u8 status_class;          /* 1-5 for 1xx-5xx; 0: not a status line */
	__u16 port;                 /* the service's: the server's own port (served), the remote one (client) */
	__u16 _pad;
	__u8 peer[16];              /* the other end's address; IPv4 in the first 4 bytes */
};

/*
 * The common exchange (timed, not recorded) costs three atomic adds: exchanges, bytes and
 * its bucket. Those of known latency are the sum of the buckets, and the unrecorded ones
 * exchanges less recorded: user space works them out.
 */
struct summary_value {
	__u64 exchanges;
	__u64 recorded;             /* of exchanges, those a record was made of */
	__u64 bytes;                /* bytes of the sends (reads) that carried the response heads */
	__u64 max_ns;
	__u32 buckets[SUMMARY_BUCKETS]; /* bucket i: [2^(i/2) * (1 + (i%2)/2), ...) microseconds */
};

#define MAX_ICMP_SUMMARIES 1024 /* rows of the icmp_summaries map */

/* A row of the ICMP summaries: the packets of one process to one destination, by type. */
struct icmp_summary_key {
	__u32 host_pid;
	__u8 family;
	__u8 icmp_type;
	__u16 _pad;
	__u8 daddr[16];             /* IPv4 in the first 4 bytes */
};

struct icmp_summary_value {
	__u64 packets;
	__u64 unrecorded;           /* of packets, those settings made no record of */
	__u64 bytes;                /* IP packet lengths */
	char comm[COMM_LEN];        /* the process's (thread group leader's) when the row began: it may be gone by the summary */
};

/*
 * A consumer served by the node daemon (routed mode): the value of the clients map, keyed
 * by the client process's host tgid (0: the one client with system scope).
 */
struct client_config {
	struct pidns_id pidns;      /* where the client's pids are reported */
	__u32 hooks;                /* bit (1 << enum hook_id) per hook the client wants */
	__u32 _pad;
	__u64 seen[CLIENT_HOOK_SLOTS]; /* the client's own counters by enum hook_id, as struct hook_stats */
	__u64 lost[CLIENT_HOOK_SLOTS];
	struct live_settings settings;  /* the client's own recordings' settings */
};

/* Tunables, one struct in each object's .rodata, written by the loader before load. */
struct netjfr_config {
	__u32 target_tgid;          /* 0: every process; else a tgid as seen in pidns */
	__u16 target_port;          /* 0: every port; else the local or remote TCP port */
	__u16 captures;             /* enum capture_flags (send.bpf.c) */
	char target_comm[COMM_LEN]; /* "": every process; else the thread group leader's comm */
	struct pidns_id pidns;      /* the consumer's pid namespace */
	__u32 routed;               /* 1: records go to per-client rings (client_rings), not rb */
	__u32 _pad;
	__u64 sock_key;             /* routed: mixed into socket ids, which must not show kernel addresses */
};

_Static_assert(sizeof(struct record_header) == 48, "record_header");
_Static_assert(sizeof(struct process_record) == 48 + 16 + 8 + CMDLINE_MAX, "process_record");
_Static_assert(sizeof(struct icmp_record) == 48 + 16 + 32, "icmp_record");
_Static_assert(sizeof(struct http_record) == 48 + 8 + 24 + 32 + HTTP_HEAD_MAX, "http_record");
_Static_assert(sizeof(struct http_long_record) == sizeof(struct http_record) - HTTP_HEAD_MAX + HTTP_HEAD_LONG,
	       "http_long_record");
_Static_assert(sizeof(struct close_record) == 48 + 8, "close_record");
_Static_assert(sizeof(struct tls_record) == 48 + 8 + 16 + 32 + TLS_HELLO_MAX, "tls_record");
_Static_assert(sizeof(struct hook_stats) == 16, "hook_stats");
_Static_assert(sizeof(struct netjfr_config) == 8 + COMM_LEN + 16 + 16, "netjfr_config");
_Static_assert(sizeof(struct summary_key) == 28, "summary_key");
_Static_assert(sizeof(struct summary_value) == 32 + 4 * SUMMARY_BUCKETS, "summary_value");
_Static_assert(sizeof(struct live_filter) == 8 + 2 * FILTER_PORTS + 16 * FILTER_HOSTS, "live_filter");
_Static_assert(sizeof(struct live_settings) == 32 + 12 * SETTINGS_EVENTS + sizeof(struct live_filter) * SETTINGS_EVENTS,
	       "live_settings");
_Static_assert(sizeof(struct icmp_summary_key) == 24, "icmp_summary_key");
_Static_assert(sizeof(struct icmp_summary_value) == 24 + COMM_LEN, "icmp_summary_value");
_Static_assert(sizeof(struct client_config) == 24 + 16 * CLIENT_HOOK_SLOTS + sizeof(struct live_settings),
	       "client_config");

#endif
