package io.netjfr.record;

import io.netjfr.bpf.Hook;
import io.netjfr.bpf.RecordHandler;
import io.netjfr.correlate.Processes;
import io.netjfr.protocol.ClientHello;
import io.netjfr.protocol.HttpAssembler;
import io.netjfr.protocol.HttpAssembler.Direction;
import io.netjfr.protocol.HttpAssembler.Start;
import io.netjfr.protocol.HelloAssembler;
import io.netjfr.protocol.TlsFingerprint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

import static io.netjfr.record.RecordLayout.*;

/**
 * Where kernel records become Java values: reads each ring buffer record by the offsets
 * of {@link RecordLayout}, keeps the process table current, and hands ICMP packets,
 * assembled HTTP requests and responses and parsed TLS ClientHellos to a
 * {@link RecordSink}. Runs on the engine's drain thread. Per record it allocates only the
 * values it hands on: the ring's bytes are read in place, HTTP bytes go through one reused
 * buffer, addresses come from a cache, and the processes looked up lately are remembered.
 */
public final class RecordDecoder implements RecordHandler {
    private static final long HEAD_WAIT_NANOS = 200_000_000L; // a head's rest arrives within this or never
    private static final int RECENT_PROCESSES = 64;

    private final RecordSink sink;
    private final Processes processes = new Processes();
    private final HttpAssembler http;
    private final AtomicLongArray delivered = new AtomicLongArray(Hook.values().length);
    private final byte[] scratch = new byte[CMDLINE_MAX];
    private final byte[] httpData = new byte[HTTP_HEAD_LONG];
    private final byte[] tlsData = new byte[TLS_HELLO_MAX];
    private final HelloAssembler<HelloContext> hellos = new HelloAssembler<>(this::hello);
    private final AddressCache addresses = new AddressCache();
    private final CommCache threadNames = new CommCache();
    /** Processes looked up lately, by host pid: under a flood between two processes the last one alone misses every time. */
    private final ProcessInfo[] recentProcesses = new ProcessInfo[RECENT_PROCESSES];
    private long lastKernelTime;

    public RecordDecoder(RecordSink sink) {
        this(sink, 0);
    }

    /** {@code payloadLimit}: characters of redacted HTTP head in the payload fields, 0 for none. */
    public RecordDecoder(RecordSink sink, int payloadLimit) {
        this.sink = sink;
        this.http = new HttpAssembler(request -> {
            count(Hook.HTTP);
            sink.http(request);
        }, response -> {
            Hook hook = HttpResponse.READ_BY_CLIENT.equals(response.side()) ? Hook.RECV : Hook.HTTP;
            count(hook);
            sink.httpResponse(response);
        }, payloadLimit);
    }

    /** One more delivered: only the drain thread writes, so no atomic add, just a release store. */
    private void count(Hook hook) {
        int i = hook.ordinal();
        delivered.setRelease(i, delivered.getPlain(i) + 1);
    }

    /** Records decoded for {@code hook}: events handed to the sink, or processes announced. */
    public long delivered(Hook hook) {
        return delivered.get(hook.ordinal());
    }

    @Override
    public void onRecord(ByteBuffer data, int offset, int length) {
        ByteBuffer b = data.order() == ByteOrder.LITTLE_ENDIAN ? data : data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int kind = b.getInt(offset + HEADER_KIND);
        if (kind == KIND_PROCESS && length >= PROCESS_SIZE) {
            decodeProcess(b, offset);
        } else if (kind == KIND_ICMP && length >= ICMP_SIZE) {
            decodeIcmp(b, offset);
        } else if (kind == KIND_HTTP && length >= HTTP_SIZE) {
            decodeHttp(b, offset, length);
        } else if (kind == KIND_CLOSE && length >= CLOSE_SIZE) {
            long socketId = b.getLong(offset + CLOSE_SOCK_ID);
            http.close(socketId, b.getLong(offset + HEADER_KTIME_NS));
            hellos.close(socketId);
        } else if (kind == KIND_TLS && length >= TLS_SIZE) {
            decodeTls(b, offset);
        }
    }

    @Override
    public boolean pending() {
        return http.pending() > 0 || hellos.pending() > 0;
    }

    /** Called after each drain: heads and hellos still waiting for their rest are emitted once they are too old. */
    @Override
    public void onDrained() {
        long before = Math.max(lastKernelTime, System.nanoTime()) - HEAD_WAIT_NANOS;
        if (http.pending() > 0) {
            http.flushStartedBefore(before);
        }
        if (hellos.pending() > 0) {
            hellos.flushStartedBefore(before);
        }
        sink.drained();
    }

    /** The engine closed: heads and hellos still waiting for their rest are emitted with what arrived. */
    @Override
    public void onClosed() {
        if (http.pending() > 0) {
            http.flushStartedBefore(Long.MAX_VALUE);
        }
        if (hellos.pending() > 0) {
            hellos.flushStartedBefore(Long.MAX_VALUE);
        }
    }

    private void decodeProcess(ByteBuffer b, int offset) {
        int pid = b.getInt(offset + HEADER_HOST_PID);
        String comm = cString(b, offset + PROCESS_COMM, COMM_LEN);
        int len = Math.min(b.getInt(offset + PROCESS_CMDLINE_LEN), CMDLINE_MAX);
        boolean truncated = b.getInt(offset + PROCESS_CMDLINE_TRUNCATED) != 0;
        b.get(offset + PROCESS_CMDLINE, scratch, 0, len);
        processes.announce(new ProcessInfo(pid, comm, Processes.commandLine(scratch, len, truncated)));
        Arrays.fill(recentProcesses, null);
        count(Hook.PROCESS);
    }

    private Origin origin(ByteBuffer b, int offset) {
        int pid = b.getInt(offset + HEADER_PID);
        int hostPid = b.getInt(offset + HEADER_HOST_PID);
        long ktime = b.getLong(offset + HEADER_KTIME_NS);
        lastKernelTime = ktime;
        int slot = hostPid & (RECENT_PROCESSES - 1);
        ProcessInfo p = recentProcesses[slot];
        if (p == null || p.pid() != hostPid) {
            p = processes.get(hostPid, pid);
            recentProcesses[slot] = p;
        }
        return new Origin(pid, b.getInt(offset + HEADER_TID), hostPid, b.getLong(offset + HEADER_CGROUP_ID),
                threadNames.get(b, offset + HEADER_COMM), p.name(), p.commandLine(), ktime);
    }

    private void decodeIcmp(ByteBuffer b, int offset) {
        int family = b.get(offset + ICMP_FAMILY) & 0xff;
        IcmpPacket packet = new IcmpPacket(origin(b, offset), Addresses.familyName(family),
                addresses.get(b, family, offset + ICMP_SADDR), addresses.get(b, family, offset + ICMP_DADDR),
                b.get(offset + ICMP_TYPE) & 0xff, b.get(offset + ICMP_CODE) & 0xff,
                networkShort(b, offset + ICMP_ID), networkShort(b, offset + ICMP_SEQUENCE),
                b.getInt(offset + ICMP_LENGTH));
        count(Hook.ICMP);
        sink.icmp(packet);
    }

    /** struct http_record, or struct http_long_record (a longer head: the record's length says). */
    private void decodeHttp(ByteBuffer b, int offset, int length) {
        int family = b.get(offset + HTTP_FAMILY) & 0xff;
        int flags = b.get(offset + HTTP_FLAGS) & 0xff;
        int captured = Math.min(b.getShort(offset + HTTP_CAPTURED) & 0xffff,
                Math.min(length - HTTP_DATA, HTTP_HEAD_LONG));
        b.get(offset + HTTP_DATA, httpData, 0, captured); // HttpAssembler copies what it keeps
        Start start = (flags & HTTP_HEAD_START) != 0 ? Start.REQUEST
                : (flags & HTTP_RESPONSE_START) != 0 ? Start.RESPONSE : Start.CONTINUATION;
        long requestNanos = b.getLong(offset + HTTP_REQUEST_NS);
        http.accept(new HttpAssembler.Piece(b.getLong(offset + HTTP_SOCK_ID),
                (flags & HTTP_RECEIVED) != 0 ? Direction.RECEIVED : Direction.SENT, start,
                b.getInt(offset + HTTP_SEQ), origin(b, offset),
                addresses.get(b, family, offset + HTTP_SADDR), b.getShort(offset + HTTP_SPORT) & 0xffff,
                addresses.get(b, family, offset + HTTP_DADDR), b.getShort(offset + HTTP_DPORT) & 0xffff,
                httpData, captured, b.getInt(offset + HTTP_BYTES) & 0xffffffffL,
                requestNanos == 0 ? null : new HttpAssembler.Request(requestNanos, answeredMethod(flags))));
    }

    /** What a server's response needs to know of the request it answers (netjfr.h, HTTP_ANSWERS_*). */
    private static String answeredMethod(int flags) {
        return (flags & HTTP_ANSWERS_HEAD) != 0 ? "HEAD" : (flags & HTTP_ANSWERS_CONNECT) != 0 ? "CONNECT" : "";
    }

    /**
     * Who sent a ClientHello, kept while its record's rest is on the way; recorded: false for
     * a hello no recording wants an event of, sent only to be counted (netjfr.TlsSummary).
     */
    private record HelloContext(Origin origin, String sourceAddress, int sourcePort, String destinationAddress,
            int destinationPort, boolean recorded) {
    }

    private void decodeTls(ByteBuffer b, int offset) {
        int family = b.get(offset + TLS_FAMILY) & 0xff;
        int captured = Math.min(b.getShort(offset + TLS_CAPTURED) & 0xffff, TLS_HELLO_MAX);
        b.get(offset + TLS_DATA, tlsData, 0, captured); // HelloAssembler copies what it keeps
        int flags = b.get(offset + TLS_FLAGS);
        boolean continuation = (flags & TLS_HELLO_CONTINUATION) != 0;
        HelloContext context = continuation ? null : new HelloContext(origin(b, offset),
                addresses.get(b, family, offset + TLS_SADDR), b.getShort(offset + TLS_SPORT) & 0xffff,
                addresses.get(b, family, offset + TLS_DADDR), b.getShort(offset + TLS_DPORT) & 0xffff,
                (flags & TLS_UNRECORDED) == 0);
        hellos.accept(b.getLong(offset + TLS_SOCK_ID), continuation, context, b.getLong(offset + HEADER_KTIME_NS),
                tlsData, captured, b.getInt(offset + TLS_BYTES) & 0xffffffffL);
    }

    /**
     * A hello put together: fields the captured bytes did not reach are "" (unknown), not
     * guessed. The version offered comes from supported_versions when the hello has it,
     * so a hello cut before its extensions has none.
     */
    private void hello(HelloAssembler.Hello<HelloContext> h) {
        ClientHello hello = ClientHello.parse(h.data(), h.length());
        if (hello == null) {
            return;
        }
        boolean whole = hello.complete() && !h.cut();
        String version = whole || !hello.supportedVersions().isEmpty()
                ? ClientHello.versionName(hello.highestVersion()) : "";
        HelloContext c = h.context();
        TlsClientHello event = new TlsClientHello(c.origin(), c.sourceAddress(), c.sourcePort(),
                c.destinationAddress(), c.destinationPort(), hello.serverName(), String.join(",", hello.alpn()),
                version, whole ? TlsFingerprint.ja4(hello) : "", whole ? TlsFingerprint.ja3(hello) : "", h.bytes(),
                !whole);
        count(Hook.TLS);
        if (c.recorded()) {
            sink.tlsClientHello(event);
        } else {
            sink.tlsUnrecorded(event);
        }
    }

    private static int networkShort(ByteBuffer b, int at) {
        return ((b.get(at) & 0xff) << 8) | (b.get(at + 1) & 0xff);
    }

    private static String cString(ByteBuffer b, int at, int max) {
        byte[] s = new byte[max];
        b.get(at, s, 0, max);
        int n = 0;
        while (n < max && s[n] != 0) {
            n++;
        }
        return new String(s, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }
}
