package io.netjfr.protocol;

import io.netjfr.record.HttpRequest;
import io.netjfr.record.Origin;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns the kernel's captured sends into one {@link HttpRequest} per request head: a head
 * start, plus the continuation sends on the same socket until the blank line that ends
 * the head. Not thread-safe: fed by one drain thread.
 */
public final class HttpRequestAssembler {
    private static final int MAX_PIECES = 1 + 4; // HTTP_MAX_CONTINUATIONS in netjfr.h
    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

    /** One captured send. {@code captured < bytes} means the capture limit cut it. */
    public record Piece(long socketId, boolean headStart, Origin origin, String sourceAddress, int sourcePort,
            String destinationAddress, int destinationPort, byte[] data, int captured, long bytes) {
    }

    private final Map<Long, Pending> open = new HashMap<>();
    private final Consumer<HttpRequest> out;

    public HttpRequestAssembler(Consumer<HttpRequest> out) {
        this.out = out;
    }

    public void accept(Piece piece) {
        Pending pending = open.get(piece.socketId());
        if (piece.headStart()) {
            if (pending != null) {
                emit(pending);
            }
            pending = new Pending(piece);
        } else if (pending == null) {
            return; // a send after a head that was already complete
        } else {
            pending.append(piece);
        }
        if (pending.complete()) {
            open.remove(piece.socketId());
            emit(pending);
        } else {
            open.put(piece.socketId(), pending);
        }
    }

    /** Emits heads whose first piece the kernel saw before {@code kernelTimeNanos}: the rest is not coming. */
    public void flushStartedBefore(long kernelTimeNanos) {
        for (Iterator<Pending> it = open.values().iterator(); it.hasNext();) {
            Pending p = it.next();
            if (p.first.origin().kernelTimeNanos() < kernelTimeNanos) {
                it.remove();
                p.cutOff = true; // report what arrived, even a request line without its end
                emit(p);
            }
        }
    }

    /** Heads waiting for more pieces. */
    public int pending() {
        return open.size();
    }

    private void emit(Pending p) {
        byte[] head = p.buffer.toByteArray();
        HttpRequestHead parsed = HttpRequestHead.parse(head, head.length, p.cutOff);
        if (parsed == null) {
            return;
        }
        Piece f = p.first;
        out.accept(new HttpRequest(f.origin(), f.sourceAddress(), f.sourcePort(), f.destinationAddress(),
                f.destinationPort(), parsed.method(), parsed.target(), parsed.host(), parsed.version(), p.bytes));
    }

    private static final class Pending {
        final Piece first;
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        long bytes;
        int pieces;
        boolean cutOff;

        Pending(Piece first) {
            this.first = first;
            append(first);
        }

        void append(Piece p) {
            buffer.write(p.data(), 0, p.captured());
            bytes += p.bytes();
            pieces++;
            cutOff |= p.captured() < p.bytes() && !containsHeadEnd(p.data(), p.captured());
        }

        boolean complete() {
            return cutOff || pieces >= MAX_PIECES || containsHeadEnd(buffer.toByteArray(), buffer.size());
        }

        private static boolean containsHeadEnd(byte[] b, int n) {
            outer:
            for (int i = 0; i + HEAD_END.length <= n; i++) {
                for (int j = 0; j < HEAD_END.length; j++) {
                    if (b[i + j] != HEAD_END[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }
    }
}
