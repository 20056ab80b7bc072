package io.netjfr.record;

/**
 * An HTTP/1.x response head, as the client read it or as the server wrote it ({@code side}).
 * Source is the server, destination the client. {@code latencyNanos} is the time since the
 * request it answers on the same connection, -1 when that request was not seen.
 * {@code bytes} is head + body when the head gives the body's length, else the bytes of
 * the sends or reads that carried the head. {@code truncated}: the head's end was not
 * captured.
 */
public record HttpResponse(Origin origin, String side, String sourceAddress, int sourcePort,
        String destinationAddress, int destinationPort, String version, int status, String reason, long bytes,
        long latencyNanos, String payload, boolean truncated) {
    public static final String READ_BY_CLIENT = "read by client";
    public static final String WRITTEN_BY_SERVER = "written by server";

    /** A response whose head was captured whole. */
    public HttpResponse(Origin origin, String side, String sourceAddress, int sourcePort,
            String destinationAddress, int destinationPort, String version, int status, String reason, long bytes,
            long latencyNanos, String payload) {
        this(origin, side, sourceAddress, sourcePort, destinationAddress, destinationPort, version, status, reason,
                bytes, latencyNanos, payload, false);
    }
}
