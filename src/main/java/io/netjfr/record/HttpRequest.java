package io.netjfr.record;

/**
 * An HTTP/1.x request head a process sent; {@code bytes} counts the sends that carried it.
 * {@code payload} is the redacted head prefix, "" unless the payload option asks for it.
 * {@code truncated}: the head's end was not captured (a capture bound cut it, or its rest
 * never came), so fields past the cut (host, version) may be empty.
 */
public record HttpRequest(Origin origin, String sourceAddress, int sourcePort, String destinationAddress,
        int destinationPort, String method, String target, String host, String version, long bytes,
        String payload, boolean truncated) {

    /** A request whose head was captured whole. */
    public HttpRequest(Origin origin, String sourceAddress, int sourcePort, String destinationAddress,
            int destinationPort, String method, String target, String host, String version, long bytes,
            String payload) {
        this(origin, sourceAddress, sourcePort, destinationAddress, destinationPort, method, target, host, version,
                bytes, payload, false);
    }
}
