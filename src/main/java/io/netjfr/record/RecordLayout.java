package io.netjfr.record;

/**
 * Offsets and sizes of the records in bpf/netjfr.h. Kept by hand and checked against the
 * header's BTF by RecordLayoutTest: change both together.
 */
public final class RecordLayout {
    private RecordLayout() {
    }

    public static final int KIND_PROCESS = 1;
    public static final int KIND_ICMP = 2;
    public static final int KIND_HTTP = 3;
    public static final int KIND_CLOSE = 4;
    public static final int KIND_TLS = 5;

    /** struct record_header */
    public static final int HEADER_KIND = 0;
    public static final int HEADER_PID = 4;
    public static final int HEADER_TID = 8;
    public static final int HEADER_HOST_PID = 12;
    public static final int HEADER_KTIME_NS = 16;
    public static final int HEADER_CGROUP_ID = 24;
    public static final int HEADER_COMM = 32;
    public static final int HEADER_SIZE = 48;

    /** struct process_record */
    public static final int PROCESS_COMM = 48;
    public static final int COMM_LEN = 16;
    public static final int PROCESS_CMDLINE_LEN = 64;
    public static final int PROCESS_CMDLINE_TRUNCATED = 68;
    public static final int PROCESS_CMDLINE = 72;
    public static final int CMDLINE_MAX = 4096;
    public static final int PROCESS_SIZE = 4168;

    /** struct icmp_record */
    public static final int ICMP_FAMILY = 48;
    public static final int ICMP_TYPE = 49;
    public static final int ICMP_CODE = 50;
    public static final int ICMP_ID = 52;
    public static final int ICMP_SEQUENCE = 54;
    public static final int ICMP_LENGTH = 56;
    public static final int ICMP_SADDR = 64;
    public static final int ICMP_DADDR = 80;
    public static final int ICMP_SIZE = 96;

    /** struct http_record */
    public static final int HTTP_SOCK_ID = 48;
    public static final int HTTP_FAMILY = 56;
    public static final int HTTP_FLAGS = 57;
    public static final int HTTP_SPORT = 58;
    public static final int HTTP_DPORT = 60;
    public static final int HTTP_CAPTURED = 62;
    public static final int HTTP_BYTES = 64;
    public static final int HTTP_SEQ = 68;
    public static final int HTTP_REQUEST_NS = 72;
    public static final int HTTP_SADDR = 80;
    public static final int HTTP_DADDR = 96;
    public static final int HTTP_DATA = 112;
    public static final int HTTP_HEAD_MAX = 512;
    public static final int HTTP_HEAD_LONG = 16384;
    public static final int HTTP_SIZE = 624;

    /** enum http_flags */
    public static final int HTTP_HEAD_START = 1;
    public static final int HTTP_HEAD_CONTINUATION = 2;
    public static final int HTTP_RESPONSE_START = 4;
    public static final int HTTP_RECEIVED = 8;
    public static final int HTTP_ANSWERS_HEAD = 16;
    public static final int HTTP_ANSWERS_CONNECT = 32;

    /** struct close_record */
    public static final int CLOSE_SOCK_ID = 48;
    public static final int CLOSE_SIZE = 56;

    /** struct tls_record */
    public static final int TLS_SOCK_ID = 48;
    public static final int TLS_FAMILY = 56;
    public static final int TLS_FLAGS = 57;
    public static final int TLS_SPORT = 58;
    public static final int TLS_DPORT = 60;
    public static final int TLS_CAPTURED = 62;
    public static final int TLS_BYTES = 64;
    public static final int TLS_SADDR = 72;
    public static final int TLS_DADDR = 88;
    public static final int TLS_DATA = 104;
    public static final int TLS_HELLO_MAX = 4096;
    public static final int TLS_HELLO_CONTINUATION = 1;
    public static final int TLS_UNRECORDED = 2;
    public static final int TLS_SIZE = 4200;
}
