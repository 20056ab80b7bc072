package io.netjfr.summary;

import java.util.List;

/**
 * struct summary_key and struct summary_value (bpf/netjfr.h): the rows of the kernel's HTTP
 * summaries, and those of its ICMP summaries; offsets checked against the BTF by RecordLayoutTest.
 */
public final class SummaryLayout {
    public static final int KEY_HOST_PID = 0;
    public static final int KEY_CLIENT = 4;
    public static final int KEY_FAMILY = 5;
    public static final int KEY_METHOD = 6;
    public static final int KEY_STATUS_CLASS = 7;
    public static final int KEY_PORT = 8;
    public static final int KEY_PEER = 12;
    public static final int KEY_SIZE = 28;
    public static final int VALUE_EXCHANGES = 0;
    public static final int VALUE_RECORDED = 8;
    public static final int VALUE_BYTES = 16;
    public static final int VALUE_MAX_NS = 24;
    public static final int VALUE_BUCKETS = 32;
    public static final int BUCKETS = 64;
    public static final int VALUE_SIZE = VALUE_BUCKETS + 4 * BUCKETS;
    /** MAX_SUMMARIES: the map's rows. */
    public static final int MAX_ROWS = 4096;
    /** struct icmp_summary_key and struct icmp_summary_value */
    public static final int ICMP_KEY_HOST_PID = 0;
    public static final int ICMP_KEY_FAMILY = 4;
    public static final int ICMP_KEY_TYPE = 5;
    public static final int ICMP_KEY_DADDR = 8;
    public static final int ICMP_KEY_SIZE = 24;
    public static final int ICMP_VALUE_PACKETS = 0;
    public static final int ICMP_VALUE_UNRECORDED = 8;
    public static final int ICMP_VALUE_BYTES = 16;
    public static final int ICMP_VALUE_COMM = 24;
    public static final int ICMP_VALUE_SIZE = 40;
    /** MAX_ICMP_SUMMARIES */
    public static final int MAX_ICMP_ROWS = 1024;
    /** enum http_method, by value. */
    public static final List<String> METHODS = List.of("OTHER", "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
            "CONNECT", "TRACE");

    private SummaryLayout() {
    }
}
