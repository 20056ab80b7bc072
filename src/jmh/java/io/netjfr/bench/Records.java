package io.netjfr.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static io.netjfr.record.RecordLayout.*;

/** Ring buffer records in the layout of bpf/netjfr.h, for the benchmarks. */
final class Records {
    static final int PID = 4242;
    /** A JVM's command line of 250 characters, arguments NUL-separated as the kernel keeps them. */
    static final String JVM_COMMAND_LINE = "java\0-Xmx2g\0-XX:+UseG1GC\0-Dapp.name=orders\0"
            + "-Dlogging.config=/etc/orders/logback.xml\0-cp\0/opt/orders/lib/orders.jar:/opt/orders/lib/netty.jar:"
            + "/opt/orders/lib/jackson.jar:/opt/orders/lib/slf4j.jar:/opt/orders/lib/logback.jar\0"
            + "com.example.orders.Main\0--port\08080\0--threads\016";

    private Records() {
    }

    private static ByteBuffer header(int size, int kind, long ktime) {
        ByteBuffer b = ByteBuffer.allocateDirect(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(HEADER_KIND, kind).putInt(HEADER_PID, PID).putInt(HEADER_TID, PID + 1).putLong(HEADER_KTIME_NS, ktime);
        return b;
    }

    static ByteBuffer process() {
        return process("icmpflood", "icmpflood\0-i\0nj0\0-b\064");
    }

    /** Process {@link #PID} announced: its comm and its command line, arguments NUL-separated. */
    static ByteBuffer process(String comm, String commandLine) {
        ByteBuffer b = header(PROCESS_SIZE, KIND_PROCESS, System.nanoTime());
        b.put(PROCESS_COMM, comm.getBytes(StandardCharsets.US_ASCII));
        byte[] cmd = commandLine.getBytes(StandardCharsets.US_ASCII);
        b.putInt(PROCESS_CMDLINE_LEN, cmd.length).put(PROCESS_CMDLINE, cmd);
        return b;
    }

    static ByteBuffer icmp() {
        ByteBuffer b = header(ICMP_SIZE, KIND_ICMP, System.nanoTime());
        b.put(ICMP_FAMILY, (byte) 2).put(ICMP_TYPE, (byte) 8).putShort(ICMP_ID, (short) 0x1234)
                .putShort(ICMP_SEQUENCE, (short) 0x0100).putInt(ICMP_LENGTH, 36);
        b.put(ICMP_SADDR, new byte[] {127, 0, 0, 1}).put(ICMP_DADDR, new byte[] {127, 0, 0, 2});
        return b;
    }

    /** An HTTP capture: flags from enum http_flags, data in ISO-8859-1. */
    static ByteBuffer http(long sockId, int flags, int seq, String data, boolean server) {
        ByteBuffer b = header(HTTP_SIZE, KIND_HTTP, System.nanoTime());
        byte[] bytes = data.getBytes(StandardCharsets.ISO_8859_1);
        b.putLong(HTTP_SOCK_ID, sockId).put(HTTP_FAMILY, (byte) 2).put(HTTP_FLAGS, (byte) flags)
                .putShort(HTTP_SPORT, (short) (server ? 8080 : 45000)).putShort(HTTP_DPORT, (short) (server ? 45000 : 8080))
                .putShort(HTTP_CAPTURED, (short) bytes.length).putInt(HTTP_BYTES, bytes.length).putInt(HTTP_SEQ, seq);
        b.put(HTTP_SADDR, new byte[] {127, 0, 0, 1}).put(HTTP_DADDR, new byte[] {127, 0, 0, 1});
        b.put(HTTP_DATA, bytes);
        return b;
    }

    static void setSeq(ByteBuffer b, int seq) {
        b.putInt(HTTP_SEQ, seq);
    }

    static void setTime(ByteBuffer b, long ktime) {
        b.putLong(HEADER_KTIME_NS, ktime);
    }
}
