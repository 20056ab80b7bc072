package io.netjfr.record;

/**
 * An HTTP/1.x request head a process sent; {@code bytes} counts the sends that carried it.
 * {@code payload} is the redacted head prefix, "" unless the payload option asks for it.
 */
public record HttpRequest(Origin origin, String sourceAddress, int sourcePort, String destinationAddress,
        int destinationPort, String method, String target, String host, String version, long bytes,
        String payload) {
}
