package io.netjfr.protocol;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * TLS ClientHellos whose record spans several sends: the kernel captures a send that
 * starts a hello and, while the record (its length is in the first 5 bytes) is not
 * complete, the next sends on the socket (bpf/send.bpf.c). The first part waits here, per
 * socket, for the rest; a hello is handed on when its record is complete, when the kernel
 * cut a part, or when the rest does not come (close, {@link #flushStartedBefore}), then
 * marked cut. {@code C} is what the caller needs to report it (process, addresses).
 * Not thread-safe: fed by one drain thread.
 */
public final class HelloAssembler<C> {
    private static final int RECORD_HEADER = 5;
    private static final int MAX_BYTES = 4096;    // TLS_HELLO_MAX in netjfr.h
    private static final int MAX_WAITING = 4096;  // sockets with a hello in parts

    /** A hello's bytes as captured: {@code cut} when they end before its record does. */
    public record Hello<C>(C context, byte[] data, int length, long bytes, boolean cut) {
    }

    private static final class Parts<C> {
        final long socketId;
        final C context;
        final long kernelTimeNanos;
        final int recordEnd;
        byte[] data;
        int length;
        long bytes;

        Parts(long socketId, C context, long kernelTimeNanos, int recordEnd, byte[] data, int length, long bytes) {
            this.socketId = socketId;
            this.context = context;
            this.kernelTimeNanos = kernelTimeNanos;
            this.recordEnd = recordEnd;
            this.data = Arrays.copyOf(data, Math.max(length, 1024));
            this.length = length;
            this.bytes = bytes;
        }
    }

    private final LruLongMap<Parts<C>> waiting;
    private final Consumer<Hello<C>> hellos;

    public HelloAssembler(Consumer<Hello<C>> hellos) {
        this.hellos = hellos;
        this.waiting = new LruLongMap<>(MAX_WAITING, dropped -> emit(dropped, true));
    }

    /**
     * A send that starts a hello: {@code data[0..captured)} of its {@code bytes}; a
     * {@code continuation} is a later send on the same socket while the record was open.
     */
    public void accept(long socketId, boolean continuation, C context, long kernelTimeNanos, byte[] data,
            int captured, long bytes) {
        Parts<C> p = waiting.get(socketId);
        if (!continuation) {
            if (p != null) {
                emit(waiting.remove(socketId), true);
            }
            if (captured < RECORD_HEADER) {
                return;
            }
            int recordEnd = RECORD_HEADER + (((data[3] & 0xff) << 8) | (data[4] & 0xff));
            if (captured >= recordEnd || captured < bytes) {
                hellos.accept(new Hello<>(context, data, captured, bytes, captured < recordEnd));
                return;
            }
            waiting.put(socketId, new Parts<>(socketId, context, kernelTimeNanos, recordEnd, data, captured, bytes));
            return;
        }
        if (p == null) {
            return;
        }
        int take = Math.min(captured, Math.min(p.recordEnd, MAX_BYTES) - p.length);
        if (p.length + take > p.data.length) {
            p.data = Arrays.copyOf(p.data, Math.max(2 * p.data.length, p.length + take));
        }
        System.arraycopy(data, 0, p.data, p.length, take);
        p.length += take;
        p.bytes += bytes;
        if (p.length >= Math.min(p.recordEnd, MAX_BYTES) || captured < bytes) {
            emit(waiting.remove(socketId), p.length < p.recordEnd);
        }
    }

    /** The socket closed: its hello's rest is not coming. */
    public void close(long socketId) {
        Parts<C> p = waiting.remove(socketId);
        if (p != null) {
            emit(p, true);
        }
    }

    /** Hands on hellos whose first part the kernel saw before {@code kernelTimeNanos}, as they are. */
    public void flushStartedBefore(long kernelTimeNanos) {
        long[] old = new long[waiting.size()];
        int[] n = {0};
        waiting.forEach(p -> {
            if (p.kernelTimeNanos < kernelTimeNanos) {
                old[n[0]++] = p.socketId;
            }
        });
        for (int i = 0; i < n[0]; i++) {
            close(old[i]);
        }
    }

    /** Hellos waiting for their rest. */
    public int pending() {
        return waiting.size();
    }

    private void emit(Parts<C> p, boolean cut) {
        hellos.accept(new Hello<>(p.context, p.data, p.length, p.bytes, cut));
    }
}
