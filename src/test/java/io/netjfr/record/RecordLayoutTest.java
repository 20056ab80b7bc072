package io.netjfr.record;

import io.netjfr.bpf.ClientRings;
import io.netjfr.bpf.Engine;
import io.netjfr.bpf.Hook;
import io.netjfr.bpf.KernelConfig;
import io.netjfr.bpf.LiveSettings;
import io.netjfr.summary.SummaryLayout;
import io.netjfr.bpf.PidNamespace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.netjfr.record.RecordLayout.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bpf/netjfr.h is the one definition of the records: compile it for BPF with clang, read
 * the structs back from the object's BTF (bpftool), and check every offset and size the
 * Java decoder uses.
 */
class RecordLayoutTest {
    private static final Pattern STRUCT = Pattern.compile("^\\[\\d+] STRUCT '(\\w+)' size=(\\d+) vlen=\\d+$");
    private static final Pattern MEMBER = Pattern.compile("^\\s+'(\\w+)' type_id=\\d+ bits_offset=(\\d+)");
    private static final Pattern ENUM_VALUE = Pattern.compile("^\\s+'(\\w+)' val=(\\d+)$");
    private static final Pattern TYPE = Pattern.compile("^\\[(\\d+)] (\\w+) '[^']*'(?: size=(\\d+))?(?: type_id=(\\d+))?"
            + "(?:.* nr_elems=(\\d+))?.*$");
    private static final Pattern MEMBER_TYPE = Pattern.compile("^\\s+'(\\w+)' type_id=(\\d+) bits_offset=");

    /** struct -> member -> byte offset, plus "sizeof" -> size. */
    private static final Map<String, Map<String, Integer>> btf = new HashMap<>();
    /** enumerator -> value, of every enum in the header. */
    private static final Map<String, Integer> enumerators = new HashMap<>();
    /** struct -> member -> BTF type id, in the order of the members. */
    private static final Map<String, Map<String, Integer>> memberTypes = new HashMap<>();
    /** BTF type id -> {size (-1: none), type id it refers to, elements of an array (0: no array)}. */
    private static final Map<Integer, long[]> types = new HashMap<>();

    @BeforeAll
    static void readHeaderBtf(@TempDir Path dir) throws Exception {
        Path header = Path.of("bpf/netjfr.h").toAbsolutePath();
        Path source = dir.resolve("layout.c");
        Files.writeString(source, String.join("\n",
                "typedef unsigned char __u8; typedef unsigned short __u16;",
                "typedef unsigned int __u32; typedef unsigned long long __u64;",
                "#include \"" + header + "\"",
                "struct process_record *a; struct icmp_record *b; struct http_record *c;",
                "struct hook_stats *d; struct netjfr_config *e; struct close_record *f; struct tls_record *g;",
                "struct client_config *l; struct http_long_record *n; enum tls_flags *m;",
                "struct live_settings *o; enum settings_event *p; struct summary_key *q; struct summary_value *r;",
                "enum http_method *s; struct live_filter *t; enum summary_kind *u; struct icmp_summary_key *v;",
                "struct icmp_summary_value *w;",
                "enum record_kind *h; enum http_flags *i; enum capture_flags *j; enum hook_id *k;", ""));
        Path object = dir.resolve("layout.o");
        run("clang", "-g", "-O2", "-target", "bpf", "-c", source.toString(), "-o", object.toString());
        String dump = run("bpftool", "btf", "dump", "file", object.toString(), "format", "raw");
        Map<String, Integer> current = null;
        Map<String, Integer> currentTypes = null;
        for (String line : dump.split("\n")) {
            Matcher s = STRUCT.matcher(line);
            Matcher m = MEMBER.matcher(line);
            Matcher e = ENUM_VALUE.matcher(line);
            Matcher t = TYPE.matcher(line);
            if (t.matches()) {
                types.put(Integer.parseInt(t.group(1)), new long[] {t.group(3) == null ? -1 : Long.parseLong(t.group(3)),
                        t.group(4) == null ? 0 : Long.parseLong(t.group(4)),
                        t.group(5) == null ? 0 : Long.parseLong(t.group(5))});
            }
            if (e.matches()) {
                enumerators.put(e.group(1), Integer.parseInt(e.group(2)));
            } else if (s.matches()) {
                current = new HashMap<>();
                current.put("sizeof", Integer.parseInt(s.group(2)));
                btf.put(s.group(1), current);
                currentTypes = new java.util.LinkedHashMap<>();
                memberTypes.put(s.group(1), currentTypes);
            } else if (m.find() && current != null) {
                current.put(m.group(1), Integer.parseInt(m.group(2)) / 8);
                Matcher mt = MEMBER_TYPE.matcher(line);
                if (mt.find()) {
                    currentTypes.put(mt.group(1), Integer.parseInt(mt.group(2)));
                }
            } else if (!line.startsWith("\t")) {
                current = null;
            }
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }

    /** Bytes of BTF type {@code id}: typedefs and qualifiers followed, arrays multiplied out. */
    private static long sizeOf(int id) {
        long[] t = types.get(id);
        assertNotNull(t, "BTF type " + id);
        if (t[2] > 0) {
            return t[2] * sizeOf((int) t[1]);
        }
        return t[0] >= 0 ? t[0] : sizeOf((int) t[1]);
    }

    /**
     * The bytes the Java side reads of each field of the structs it decodes (the decoders'
     * getLong, getInt, getShort, get and array copies), field by field: every field but the
     * padding and the header is here, so a field added to netjfr.h fails this test until the
     * decoder is told of it, and a field whose type changes fails it too.
     */
    @Test
    void everyFieldIsReadWithItsWidth() {
        Map<String, Map<String, Integer>> read = Map.of(
                "record_header", Map.of("kind", 4, "pid", 4, "tid", 4, "host_pid", 4, "ktime_ns", 8, "cgroup_id", 8,
                        "comm", COMM_LEN),
                "process_record", Map.of("comm", COMM_LEN, "cmdline_len", 4, "cmdline_truncated", 4, "cmdline", CMDLINE_MAX),
                "icmp_record", Map.of("family", 1, "icmp_type", 1, "icmp_code", 1, "icmp_id", 2, "icmp_sequence", 2,
                        "length", 4, "saddr", 16, "daddr", 16),
                "http_record", Map.ofEntries(Map.entry("sock_id", 8), Map.entry("family", 1), Map.entry("flags", 1),
                        Map.entry("sport", 2), Map.entry("dport", 2), Map.entry("captured", 2), Map.entry("bytes", 4),
                        Map.entry("seq", 4), Map.entry("request_ns", 8), Map.entry("saddr", 16), Map.entry("daddr", 16),
                        Map.entry("data", HTTP_HEAD_MAX)),
                "close_record", Map.of("sock_id", 8),
                "tls_record", Map.of("sock_id", 8, "family", 1, "flags", 1, "sport", 2, "dport", 2, "captured", 2,
                        "bytes", 4, "saddr", 16, "daddr", 16, "data", TLS_HELLO_MAX),
                "summary_key", Map.of("host_pid", 4, "client", 1, "family", 1, "method", 1, "status_class", 1, "port", 2,
                        "peer", 16),
                "summary_value", Map.of("exchanges", 8, "recorded", 8, "bytes", 8, "max_ns", 8,
                        "buckets", 4 * SummaryLayout.BUCKETS),
                "icmp_summary_key", Map.of("host_pid", 4, "family", 1, "icmp_type", 1, "daddr", 16),
                "icmp_summary_value", Map.of("packets", 8, "unrecorded", 8, "bytes", 8, "comm", COMM_LEN));
        read.forEach((struct, fields) -> {
            Map<String, Integer> members = memberTypes.get(struct);
            assertNotNull(members, "struct " + struct + " in BTF");
            Set<String> inBtf = new java.util.TreeSet<>(members.keySet());
            inBtf.removeIf(m -> m.startsWith("_pad") || m.equals("header"));
            assertEquals(new java.util.TreeSet<>(fields.keySet()), inBtf, struct + ": the fields the Java side reads");
            fields.forEach((member, width) -> assertEquals((long) width, sizeOf(members.get(member)),
                    struct + "." + member + " bytes"));
        });
        check("pidns_id", "ino", ClientRings.CLIENT_PIDNS_INO - ClientRings.CLIENT_PIDNS_DEV);
    }

    private static void check(String struct, String member, int javaOffset) {
        Map<String, Integer> members = btf.get(struct);
        assertNotNull(members, "struct " + struct + " in BTF");
        assertEquals(members.get(member), javaOffset, struct + "." + member);
    }

    @Test
    void header() {
        check("record_header", "kind", HEADER_KIND);
        check("record_header", "pid", HEADER_PID);
        check("record_header", "tid", HEADER_TID);
        check("record_header", "host_pid", HEADER_HOST_PID);
        check("record_header", "ktime_ns", HEADER_KTIME_NS);
        check("record_header", "cgroup_id", HEADER_CGROUP_ID);
        check("record_header", "comm", HEADER_COMM);
        check("record_header", "sizeof", HEADER_SIZE);
    }

    @Test
    void processRecord() {
        check("process_record", "comm", PROCESS_COMM);
        check("process_record", "cmdline_len", PROCESS_CMDLINE_LEN);
        check("process_record", "cmdline_truncated", PROCESS_CMDLINE_TRUNCATED);
        check("process_record", "cmdline", PROCESS_CMDLINE);
        check("process_record", "sizeof", PROCESS_SIZE);
        assertEquals(PROCESS_SIZE - PROCESS_CMDLINE, CMDLINE_MAX);
        assertEquals(PROCESS_CMDLINE_LEN - PROCESS_COMM, COMM_LEN);
    }

    @Test
    void icmpRecord() {
        check("icmp_record", "family", ICMP_FAMILY);
        check("icmp_record", "icmp_type", ICMP_TYPE);
        check("icmp_record", "icmp_code", ICMP_CODE);
        check("icmp_record", "icmp_id", ICMP_ID);
        check("icmp_record", "icmp_sequence", ICMP_SEQUENCE);
        check("icmp_record", "length", ICMP_LENGTH);
        check("icmp_record", "saddr", ICMP_SADDR);
        check("icmp_record", "daddr", ICMP_DADDR);
        check("icmp_record", "sizeof", ICMP_SIZE);
    }

    @Test
    void httpRecord() {
        check("http_record", "sock_id", HTTP_SOCK_ID);
        check("http_record", "family", HTTP_FAMILY);
        check("http_record", "flags", HTTP_FLAGS);
        check("http_record", "sport", HTTP_SPORT);
        check("http_record", "dport", HTTP_DPORT);
        check("http_record", "captured", HTTP_CAPTURED);
        check("http_record", "bytes", HTTP_BYTES);
        check("http_record", "seq", HTTP_SEQ);
        check("http_record", "request_ns", HTTP_REQUEST_NS);
        check("http_record", "saddr", HTTP_SADDR);
        check("http_record", "daddr", HTTP_DADDR);
        check("http_record", "data", HTTP_DATA);
        check("http_record", "sizeof", HTTP_SIZE);
        assertEquals(HTTP_SIZE - HTTP_DATA, HTTP_HEAD_MAX);
        check("http_long_record", "sizeof", HTTP_DATA + HTTP_HEAD_LONG);
    }

    @Test
    void enumerators() {
        Map<String, Integer> methods = new HashMap<>();
        for (int i = 0; i < SummaryLayout.METHODS.size(); i++) {
            methods.put("METHOD_" + SummaryLayout.METHODS.get(i), i);
        }
        Map<String, Integer> others = new HashMap<>(enumerators);
        others.keySet().removeAll(methods.keySet());
        assertEquals(methods.size(), enumerators.size() - others.size(), "enum http_method");
        assertEquals(Map.ofEntries(Map.entry("RECORD_PROCESS", KIND_PROCESS), Map.entry("RECORD_ICMP", KIND_ICMP),
                Map.entry("RECORD_HTTP", KIND_HTTP), Map.entry("RECORD_CLOSE", KIND_CLOSE),
                Map.entry("RECORD_TLS", KIND_TLS), Map.entry("HTTP_HEAD_START", HTTP_HEAD_START),
                Map.entry("HTTP_HEAD_CONTINUATION", HTTP_HEAD_CONTINUATION),
                Map.entry("HTTP_RESPONSE_START", HTTP_RESPONSE_START), Map.entry("HTTP_RECEIVED", HTTP_RECEIVED),
                Map.entry("HTTP_ANSWERS_HEAD", HTTP_ANSWERS_HEAD),
                Map.entry("HTTP_ANSWERS_CONNECT", HTTP_ANSWERS_CONNECT),
                Map.entry("TLS_HELLO_CONTINUATION", TLS_HELLO_CONTINUATION), Map.entry("TLS_UNRECORDED", TLS_UNRECORDED),
                Map.entry("SUMMARY_HTTP", LiveSettings.Summary.HTTP.bit()),
                Map.entry("SUMMARY_ICMP", LiveSettings.Summary.ICMP.bit()),
                Map.entry("SUMMARY_TLS", LiveSettings.Summary.TLS.bit()),
                Map.entry("CAPTURE_HTTP", Hook.HTTP.capture()), Map.entry("CAPTURE_TLS", Hook.TLS.capture()),
                Map.entry("HOOK_PROCESS", Hook.PROCESS.statsIndex()), Map.entry("HOOK_ICMP", Hook.ICMP.statsIndex()),
                Map.entry("HOOK_HTTP", Hook.HTTP.statsIndex()), Map.entry("HOOK_TLS", Hook.TLS.statsIndex()),
                Map.entry("HOOK_RECV", Hook.RECV.statsIndex()), Map.entry("HOOK_COUNT", Hook.values().length),
                Map.entry("SETTINGS_ICMP", LiveSettings.Event.ICMP.index()),
                Map.entry("SETTINGS_HTTP_REQUEST", LiveSettings.Event.HTTP_REQUEST.index()),
                Map.entry("SETTINGS_HTTP_RESPONSE", LiveSettings.Event.HTTP_RESPONSE.index()),
                Map.entry("SETTINGS_TLS", LiveSettings.Event.TLS.index()),
                Map.entry("SETTINGS_EVENTS", LiveSettings.Event.values().length)),
                others);
    }

    @Test
    void closeRecord() {
        check("close_record", "sock_id", CLOSE_SOCK_ID);
        check("close_record", "sizeof", CLOSE_SIZE);
    }

    @Test
    void tlsRecord() {
        check("tls_record", "sock_id", TLS_SOCK_ID);
        check("tls_record", "family", TLS_FAMILY);
        check("tls_record", "flags", TLS_FLAGS);
        check("tls_record", "sport", TLS_SPORT);
        check("tls_record", "dport", TLS_DPORT);
        check("tls_record", "captured", TLS_CAPTURED);
        check("tls_record", "bytes", TLS_BYTES);
        check("tls_record", "saddr", TLS_SADDR);
        check("tls_record", "daddr", TLS_DADDR);
        check("tls_record", "data", TLS_DATA);
        check("tls_record", "sizeof", TLS_SIZE);
        assertEquals(TLS_SIZE - TLS_DATA, TLS_HELLO_MAX);
    }

    @Test
    void sharedStructsTheEngineWrites() {
        check("hook_stats", "seen", 0);
        check("hook_stats", "lost", 8);
        check("hook_stats", "sizeof", 16);
        check("netjfr_config", "target_tgid", KernelConfig.TGID);
        check("netjfr_config", "target_port", KernelConfig.PORT);
        check("netjfr_config", "captures", KernelConfig.CAPTURES);
        check("netjfr_config", "target_comm", KernelConfig.COMM);
        check("netjfr_config", "pidns", KernelConfig.PIDNS_DEV);
        check("pidns_id", "ino", KernelConfig.PIDNS_INO - KernelConfig.PIDNS_DEV);
        check("netjfr_config", "routed", KernelConfig.ROUTED);
        check("netjfr_config", "sock_key", KernelConfig.SOCK_KEY);
        check("netjfr_config", "sizeof", KernelConfig.SIZE);
        check("client_config", "pidns", ClientRings.CLIENT_PIDNS_DEV);
        check("client_config", "hooks", ClientRings.CLIENT_HOOKS);
        check("client_config", "seen", ClientRings.CLIENT_SEEN);
        check("client_config", "lost", ClientRings.CLIENT_LOST);
        check("client_config", "settings", ClientRings.CLIENT_SETTINGS);
        check("client_config", "sizeof", ClientRings.CLIENT_SIZE);
        check("live_settings", "response_threshold_ns", LiveSettings.RESPONSE_THRESHOLD_NS);
        check("live_settings", "unwanted", LiveSettings.UNWANTED);
        check("live_settings", "throttle", LiveSettings.THROTTLE);
        check("live_settings", "summarize", LiveSettings.SUMMARIZE);
        check("live_settings", "window", LiveSettings.WINDOW);
        check("live_settings", "used", LiveSettings.USED);
        check("live_settings", "filter", LiveSettings.FILTER);
        check("live_settings", "sizeof", LiveSettings.SIZE);
        check("live_filter", "hosts", LiveSettings.Filter.HOSTS);
        check("live_filter", "ports", LiveSettings.Filter.PORTS);
        check("live_filter", "port", LiveSettings.Filter.PORT);
        check("live_filter", "host", LiveSettings.Filter.HOST);
        check("live_filter", "sizeof", LiveSettings.Filter.SIZE);
    }

    @Test
    void summaryRows() {
        check("summary_key", "host_pid", SummaryLayout.KEY_HOST_PID);
        check("summary_key", "client", SummaryLayout.KEY_CLIENT);
        check("summary_key", "family", SummaryLayout.KEY_FAMILY);
        check("summary_key", "method", SummaryLayout.KEY_METHOD);
        check("summary_key", "status_class", SummaryLayout.KEY_STATUS_CLASS);
        check("summary_key", "port", SummaryLayout.KEY_PORT);
        check("summary_key", "peer", SummaryLayout.KEY_PEER);
        check("summary_key", "sizeof", SummaryLayout.KEY_SIZE);
        check("summary_value", "exchanges", SummaryLayout.VALUE_EXCHANGES);
        check("summary_value", "recorded", SummaryLayout.VALUE_RECORDED);
        check("summary_value", "bytes", SummaryLayout.VALUE_BYTES);
        check("summary_value", "max_ns", SummaryLayout.VALUE_MAX_NS);
        check("summary_value", "buckets", SummaryLayout.VALUE_BUCKETS);
        check("summary_value", "sizeof", SummaryLayout.VALUE_SIZE);
        check("icmp_summary_key", "host_pid", SummaryLayout.ICMP_KEY_HOST_PID);
        check("icmp_summary_key", "family", SummaryLayout.ICMP_KEY_FAMILY);
        check("icmp_summary_key", "icmp_type", SummaryLayout.ICMP_KEY_TYPE);
        check("icmp_summary_key", "daddr", SummaryLayout.ICMP_KEY_DADDR);
        check("icmp_summary_key", "sizeof", SummaryLayout.ICMP_KEY_SIZE);
        check("icmp_summary_value", "packets", SummaryLayout.ICMP_VALUE_PACKETS);
        check("icmp_summary_value", "unrecorded", SummaryLayout.ICMP_VALUE_UNRECORDED);
        check("icmp_summary_value", "bytes", SummaryLayout.ICMP_VALUE_BYTES);
        check("icmp_summary_value", "comm", SummaryLayout.ICMP_VALUE_COMM);
        check("icmp_summary_value", "sizeof", SummaryLayout.ICMP_VALUE_SIZE);
        for (int i = 0; i < SummaryLayout.METHODS.size(); i++) {
            assertEquals(i, enumerators.get("METHOD_" + SummaryLayout.METHODS.get(i)), SummaryLayout.METHODS.get(i));
        }
    }

    @Test
    void settingsBytes() throws Exception {
        LiveSettings.Filter filter = new LiveSettings.Filter(
                List.of(InetAddress.getByName("10.1.2.3"), InetAddress.getByName("::1")), List.of(8080));
        ByteBuffer b = ByteBuffer.wrap(new LiveSettings(20_000_000, Set.of(LiveSettings.Event.TLS),
                Map.of(LiveSettings.Event.HTTP_RESPONSE, 100), Set.of(LiveSettings.Summary.HTTP, LiveSettings.Summary.TLS),
                Map.of(LiveSettings.Event.HTTP_REQUEST, filter)).bytes()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(20_000_000, b.getLong(LiveSettings.RESPONSE_THRESHOLD_NS));
        assertEquals(1 << LiveSettings.Event.TLS.index(), b.getInt(LiveSettings.UNWANTED));
        assertEquals(100, b.getInt(LiveSettings.THROTTLE + 4 * LiveSettings.Event.HTTP_RESPONSE.index()));
        assertEquals(0, b.getInt(LiveSettings.THROTTLE + 4 * LiveSettings.Event.ICMP.index()), "no limit");
        assertEquals(5, b.getInt(LiveSettings.SUMMARIZE));
        int at = LiveSettings.FILTER + LiveSettings.Filter.SIZE * LiveSettings.Event.HTTP_REQUEST.index();
        assertEquals(2, b.get(at + LiveSettings.Filter.HOSTS));
        assertEquals(1, b.get(at + LiveSettings.Filter.PORTS));
        assertEquals(8080, b.getShort(at + LiveSettings.Filter.PORT));
        byte[] v4 = new byte[16];
        b.get(at + LiveSettings.Filter.HOST, v4);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 10, 1, 2, 3}, v4, "IPv4 as ::ffff:a.b.c.d");
        assertEquals(1, b.get(at + LiveSettings.Filter.HOST + 31), "::1");
        assertEquals(0, b.get(LiveSettings.FILTER + LiveSettings.Filter.SIZE * LiveSettings.Event.TLS.index()), "any");
        assertArrayEquals(new byte[LiveSettings.SIZE], LiveSettings.ALL.bytes(), "every record: all zero");
    }

    @Test
    void configBytes() {
        ByteBuffer b = ByteBuffer.wrap(KernelConfig.bytes(new Engine.Filter(4242, "averyveryverylongname", 8080),
                List.of(Hook.HTTP, Hook.TLS), new PidNamespace(4, 4026532290L), true, 77)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(KernelConfig.SIZE, b.capacity());
        assertEquals(4242, b.getInt(KernelConfig.TGID));
        assertEquals(8080, b.getShort(KernelConfig.PORT) & 0xffff);
        assertEquals(3, b.getShort(KernelConfig.CAPTURES), "CAPTURE_HTTP | CAPTURE_TLS");
        byte[] comm = new byte[COMM_LEN];
        b.get(KernelConfig.COMM, comm);
        assertEquals("averyveryverylo\0", new String(comm, StandardCharsets.US_ASCII), "15 bytes, NUL terminated");
        assertEquals(4, b.getLong(KernelConfig.PIDNS_DEV));
        assertEquals(4026532290L, b.getLong(KernelConfig.PIDNS_INO));
        assertEquals(1, b.getInt(KernelConfig.ROUTED));
        assertEquals(77, b.getLong(KernelConfig.SOCK_KEY));
        assertArrayEquals(new byte[KernelConfig.SIZE],
                KernelConfig.bytes(Engine.Filter.NONE, List.of(Hook.ICMP), PidNamespace.INITIAL, false, 77),
                "no filter, nothing to choose, the initial namespace, not routed: all zero");
    }
}
