package io.netjfr.protocol;

import io.netjfr.record.HttpRequest;
import io.netjfr.record.HttpResponse;
import io.netjfr.record.Origin;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Turns the kernel's captured sends and reads into HTTP/1.x messages, per connection:
 * <ul>
 * <li>A head is a head start plus the continuation pieces in the same direction until the
 *     blank line that ends it.</li>
 * <li>Message boundaries: each piece carries the TCP sequence number of its first byte.
 *     Once a head says how long its body is (Content-Length; none for a request without
 *     one; none for HEAD, 1xx, 204, 304), the next message starts right after it, and a
 *     piece that starts before that is body, whatever it looks like. Chunked or
 *     close-delimited bodies leave the boundary unknown until the next head.</li>
 * <li>Pairing: requests a client sent wait in arrival order; a response it reads answers
 *     the oldest (a 1xx answers without consuming it), which gives the latency. While the
 *     kernel times a client's responses itself (summaries, a latency threshold), it drops
 *     the fast ones, and says when the request it answers was sent ({@link Piece#answers}):
 *     requests sent before that one lost their responses. A response a server writes comes
 *     paired by the kernel with the request the server read: those requests have no records
 *     of their own.</li>
 * <li>Several messages in one piece (pipelined requests in one send, responses in one
 *     read): once a head gives its message's end, a head that starts before the end of
 *     the captured bytes is reported too, at most {@value #MAX_HEADS_PER_PIECE}.</li>
 * <li>A close ends the connection: heads in progress are reported; pending requests wait
 *     a little longer ({@link #flushStartedBefore}), for a half-closed client reads its
 *     response after its socket reached TCP_CLOSE, when the kernel no longer knows its
 *     local port (the one of its earlier pieces is taken).</li>
 * </ul>
 * A piece's bytes are used during {@link #accept} only (a head that waits
 * for more keeps its own copy), so the caller may reuse its buffer; a head that arrives in
 * one piece is parsed in place. Not thread-safe: fed by one drain thread.
 */
public final class HttpAssembler {
    private static final int MAX_PIECES = 128;                // HTTP_HEAD_PIECES in netjfr.h
    private static final int MAX_HEAD_BYTES = 16384;          // HTTP_HEAD_LONG in netjfr.h
    private static final int MAX_HEADS_PER_PIECE = 16;
    private static final int MAX_PENDING_REQUESTS = 64;       // per connection
    private static final int MAX_CONNECTIONS = 65536;         // as the kernel's per-socket maps
    private static final long MAX_BODY_TRACKED = 1L << 30;    // beyond, sequence numbers could wrap

    public enum Direction { SENT, RECEIVED }

    public enum Start { REQUEST, RESPONSE, CONTINUATION }

    /**
     * One captured send or read. {@code captured < bytes} means the capture limit cut it.
     * {@code answers}: for a response, the request the kernel paired it with (a server's it read, a client's it
     * sent), when the kernel timed it.
     */
    public record Piece(long socketId, Direction direction, Start start, int seq, Origin origin,
            String localAddress, int localPort, String remoteAddress, int remotePort,
            byte[] data, int captured, long bytes, Request answers) {
    }

    /** A request a response answers: when the kernel saw it, and its method ("" for one that does not matter). */
    public record Request(long kernelTimeNanos, String method) {
    }

    private int openHeads;
    private final ArrayDeque<Connection> closed = new ArrayDeque<>(); // in the order of their close records
    private final LruLongMap<Connection> connections = new LruLongMap<>(MAX_CONNECTIONS, dropped -> {
        for (Stream s : dropped.streams) {
            setOpen(s, null);
        }
    });
    private final Consumer<HttpRequest> requests;
    private final Consumer<HttpResponse> responses;
    private final int payloadLimit;
    private final Latin1 strings = new Latin1();
    /** The head being finished: one head at a time, so no HttpHeaders per head. */
    private final HttpHeaders headers = new HttpHeaders();

    /** {@code payloadLimit}: characters of redacted head in the payload field, 0 for none. */
    public HttpAssembler(Consumer<HttpRequest> requests, Consumer<HttpResponse> responses, int payloadLimit) {
        this.requests = requests;
        this.responses = responses;
        this.payloadLimit = payloadLimit;
    }

    public void accept(Piece piece) {
        Connection c = connections.get(piece.socketId());
        if (c != null && c.closedAt != 0 && piece.direction() == Direction.SENT && piece.start() != Start.CONTINUATION) {
            // the socket's address came back as a new connection
            connections.remove(piece.socketId());
            c = null;
        }
        if (c == null) {
            if (piece.start() == Start.CONTINUATION) {
                return;
            }
            c = new Connection(piece.socketId());
            connections.put(piece.socketId(), c);
        }
        piece = c.addressed(piece);
        Stream s = c.stream(piece.direction());
        if (piece.start() != Start.CONTINUATION) {
            if (s.open != null) {
                Head h = s.open;
                setOpen(s, null);
                finish(c, s, h);
            }
            start(c, s, piece);
            return;
        } else if (s.open == null) {
            return; // a send or read after a head that was already complete
        } else {
            s.open.append(piece);
        }
        if (s.open.complete()) {
            Head h = s.open;
            setOpen(s, null);
            finish(c, s, h);
        }
    }

    /**
     * A head in the piece's bytes starts a message (a piece starts with one): reported when
     * it is all there, with the heads that follow it in the same bytes; else it waits for
     * the next pieces.
     */
    private void start(Connection c, Stream s, Piece piece) {
        for (int heads = 1; ; heads++) {
            int end = Latin1.headEnd(piece.data(), 0, piece.captured());
            boolean ended = end >= 0;
            if (!ended && piece.captured() >= piece.bytes()) {
                setOpen(s, new Head(piece));
                return;
            }
            // the whole head in one piece (or all of it there is): parsed in place
            finish(c, s, piece, headers.read(piece.data(), piece.captured(), end), piece.bytes(), ended, !ended);
            piece = ended && heads < MAX_HEADS_PER_PIECE ? following(c, s, piece) : null;
            if (piece == null) {
                return;
            }
        }
    }

    /** The message after the one piece {@code p} began, when it starts within p's captured bytes; else null. */
    private static Piece following(Connection c, Stream s, Piece p) {
        if (c.tunnel || !s.boundaryKnown || (p.direction() == Direction.RECEIVED && p.start() == Start.REQUEST)) {
            return null; // a request a server reads sets no boundary here
        }
        int offset = s.boundary - p.seq();
        if (offset <= 0 || offset >= p.captured()) {
            return null;
        }
        byte[] rest = Arrays.copyOfRange(p.data(), offset, p.captured());
        Start start = Latin1.startsWith(rest, 0, rest.length, "HTTP/1.") ? Start.RESPONSE : Start.REQUEST;
        return new Piece(p.socketId(), p.direction(), start, s.boundary, p.origin(), p.localAddress(),
                p.localPort(), p.remoteAddress(), p.remotePort(), rest, rest.length, p.bytes() - offset, null);
    }

    /**
     * The connection is over: heads in progress are reported as they are. Its requests wait
     * until {@link #flushStartedBefore} passes {@code kernelTimeNanos}: a client that shut
     * down its sending side reads the response after the close.
     */
    public void close(long socketId, long kernelTimeNanos) {
        Connection c = connections.get(socketId);
        if (c == null) {
            return;
        }
        for (Stream s : c.streams) {
            if (s.open != null) {
                Head h = s.open;
                setOpen(s, null);
                h.cutOff = true;
                finish(c, s, h);
            }
        }
        if (c.closedAt == 0) {
            c.closedAt = Math.max(kernelTimeNanos, 1);
            closed.addLast(c);
        }
    }

    /**
     * Reports heads whose first piece the kernel saw before {@code kernelTimeNanos} (the rest
     * is not coming), and forgets connections closed before then.
     */
    public void flushStartedBefore(long kernelTimeNanos) {
        if (openHeads > 0) {
            connections.forEach(c -> {
                for (Stream s : c.streams) {
                    if (s.open != null && s.open.first.origin().kernelTimeNanos() < kernelTimeNanos) {
                        Head h = s.open;
                        setOpen(s, null);
                        h.cutOff = true; // report what arrived, even a start line without its end
                        finish(c, s, h);
                    }
                }
            });
        }
        while (!closed.isEmpty() && closed.peekFirst().closedAt < kernelTimeNanos) {
            Connection c = closed.pollFirst();
            if (connections.get(c.socketId) == c) { // else evicted, or its address is a new connection's now
                connections.remove(c.socketId);
            }
        }
    }

    /** Heads waiting for more pieces, and closed connections whose requests still wait. */
    public int pending() {
        return openHeads + closed.size();
    }

    private void setOpen(Stream s, Head head) {
        openHeads += (head != null ? 1 : 0) - (s.open != null ? 1 : 0);
        s.open = head;
    }

    /** Connections with state (open heads, boundaries, requests waiting for their response). */
    public int connections() {
        return connections.size();
    }

    /** Requests waiting for their response, over all connections. */
    public int pendingRequests() {
        int[] n = {0};
        connections.forEach(c -> n[0] += c.requests.size());
        return n[0];
    }

    private void finish(Connection c, Stream s, Head h) {
        finish(c, s, h.first, headers.read(h.buffer, h.length, Latin1.headEnd(h.buffer, 0, h.length)), h.bytes,
                h.contiguous, h.cutOff || !h.ended);
    }

    /** A head is complete: {@code head[0..length)} are its captured bytes, {@code bytes} the sends' total. */
    private void finish(Connection c, Stream s, Piece f, HttpHeaders headers, long headBytes, boolean contiguous,
            boolean cutOff) {
        if (c.tunnel || (s.boundaryKnown && f.seq() - s.boundary < 0)) {
            return; // body bytes of the previous message, or a tunnel's: not a head
        }
        byte[] head = headers.data();
        int length = headers.length();
        int headLength = contiguous ? headers.headLength() : -1;
        if (f.start() == Start.REQUEST) {
            if (f.direction() == Direction.RECEIVED) {
                return; // a request a server reads is timed in the kernel: it comes as Piece.answers
            }
            HttpRequestHead parsed = HttpRequestHead.parse(head, length, cutOff, strings);
            if (parsed == null) {
                s.boundaryKnown = false;
                return;
            }
            // a request has a body only when Content-Length or Transfer-Encoding says so
            long body = headers.chunked() ? -1 : Math.max(headers.contentLength(), 0);
            setBoundary(s, f.seq(), headLength, body);
            if (c.requests.size() == MAX_PENDING_REQUESTS) {
                c.requests.removeFirst();
            }
            c.requests.addLast(new Request(f.origin().kernelTimeNanos(), parsed.method()));
            requests.accept(new HttpRequest(f.origin(), f.localAddress(), f.localPort(), f.remoteAddress(),
                    f.remotePort(), parsed.method(), PayloadRedactor.withoutUserinfo(parsed.target()), parsed.host(),
                    parsed.version(), headBytes, payload(head, length), parsed.truncated()));
            return;
        }
        HttpResponseHead parsed = HttpResponseHead.parse(head, length, cutOff, strings);
        if (parsed == null) {
            s.boundaryKnown = false;
            return;
        }
        int status = parsed.status();
        boolean informational = status < 200 && status != 101;
        boolean read = f.direction() == Direction.RECEIVED;
        Request request = !read ? f.answers() : answeredRead(c, f.answers(), informational);
        long body;
        if (informational || status == 204 || status == 304 || (request != null && request.method().equals("HEAD"))) {
            body = 0;
        } else if (headers.chunked()) {
            body = -1;
        } else {
            body = headers.contentLength(); // -1: until the connection closes
        }
        setBoundary(s, f.seq(), headLength, body);
        if (status == 101 || (request != null && request.method().equals("CONNECT") && status / 100 == 2)) {
            c.tunnel = true; // what follows is another protocol
        }
        long bytes = headLength >= 0 && body >= 0 ? headLength + body : headBytes;
        long latency = request != null ? f.origin().kernelTimeNanos() - request.kernelTimeNanos() : -1;
        responses.accept(new HttpResponse(f.origin(), read ? HttpResponse.READ_BY_CLIENT : HttpResponse.WRITTEN_BY_SERVER,
                read ? f.remoteAddress() : f.localAddress(), read ? f.remotePort() : f.localPort(),
                read ? f.localAddress() : f.remoteAddress(), read ? f.localPort() : f.remotePort(),
                parsed.version(), status, parsed.reason(), bytes, latency, payload(head, length), cutOff));
    }

    /**
     * The request a response the client read answers: the oldest it sent. When the kernel
     * timed it ({@code timed}: when the request was sent), that request is the first sent
     * since; the ones before had their responses dropped in the kernel (below the latency
     * threshold) and wait no longer.
     */
    private static Request answeredRead(Connection c, Request timed, boolean informational) {
        if (timed != null) {
            while (!c.requests.isEmpty() && c.requests.peekFirst().kernelTimeNanos() < timed.kernelTimeNanos()) {
                c.requests.removeFirst();
            }
        }
        Request queued = informational ? c.requests.peekFirst() : c.requests.pollFirst();
        if (timed == null) {
            return queued;
        }
        return new Request(timed.kernelTimeNanos(), queued != null ? queued.method() : timed.method());
    }

    private static void setBoundary(Stream s, int seq, int headLength, long body) {
        s.boundaryKnown = headLength >= 0 && body >= 0 && body < MAX_BODY_TRACKED;
        if (s.boundaryKnown) {
            s.boundary = seq + headLength + (int) body;
        }
    }

    private String payload(byte[] head, int length) {
        return payloadLimit > 0 ? PayloadRedactor.redact(head, length, payloadLimit) : "";
    }

    private static final class Connection {
        final long socketId;
        long closedAt; // kernel time of the close record, 0 while open
        String localAddress;
        int localPort;
        final Stream sent = new Stream();
        final Stream received = new Stream();
        final Stream[] streams = {sent, received};
        final ArrayDeque<Request> requests = new ArrayDeque<>(); // sent, waiting for the response read
        boolean tunnel;

        Connection(long socketId) {
            this.socketId = socketId;
        }

        Stream stream(Direction d) {
            return d == Direction.SENT ? sent : received;
        }

        /** The piece with this connection's local address when the kernel no longer knew it (port 0 after close). */
        Piece addressed(Piece p) {
            if (p.localPort() != 0) {
                if (localPort == 0) {
                    localAddress = p.localAddress();
                    localPort = p.localPort();
                }
                return p;
            }
            return localPort == 0 ? p : new Piece(p.socketId(), p.direction(), p.start(), p.seq(), p.origin(),
                    localAddress, localPort, p.remoteAddress(), p.remotePort(), p.data(), p.captured(), p.bytes(),
                    p.answers());
        }
    }

    /** One direction of a connection, in its TCP sequence space. */
    private static final class Stream {
        Head open;
        boolean boundaryKnown;
        int boundary; // sequence number where the next message starts
    }

    /** A head that arrives in several pieces: its own copy of their bytes. */
    private static final class Head {
        final Piece first;
        byte[] buffer = new byte[1024];
        int length;
        long bytes;
        int pieces;
        int nextSeq;
        boolean contiguous = true; // every piece fully captured and right after the one before
        boolean cutOff;
        boolean ended;

        Head(Piece first) {
            this.first = first;
            nextSeq = first.seq();
            append(first);
        }

        void append(Piece p) {
            contiguous &= p.seq() == nextSeq;
            boolean pieceEnded = containsEnd(p.data(), 0, p.captured());
            if (!contiguous) {
                cutOff = true;
                return;
            }
            int take = Math.min(p.captured(), MAX_HEAD_BYTES - length);
            if (length + take > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, length + take));
            }
            int before = length;
            System.arraycopy(p.data(), 0, buffer, length, take);
            length += take;
            // the blank line may straddle two pieces: look again from 2 bytes before the new ones
            ended = ended || containsEnd(buffer, Math.max(0, before - 2), length);
            if (take < p.captured() && !ended) {
                cutOff = true; // longer than the kernel captures of one head
            }
            bytes += p.bytes();
            nextSeq = p.seq() + (int) p.bytes();
            pieces++;
            if (p.captured() < p.bytes() && !pieceEnded) {
                cutOff = true;
                contiguous = false;
            }
        }

        boolean complete() {
            return cutOff || pieces >= MAX_PIECES || ended;
        }

        static boolean containsEnd(byte[] b, int from, int n) {
            return Latin1.headEnd(b, from, n) >= 0;
        }
    }
}
