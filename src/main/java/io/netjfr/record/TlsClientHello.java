package io.netjfr.record;

/**
 * A TLS ClientHello a process sent: what it asked for and its JA4 / JA3 fingerprints.
 * {@code truncated}: the hello was not captured whole (its rest never came, or a bound
 * cut it); fields it did not reach are "" (unknown), fingerprints are "".
 */
public record TlsClientHello(Origin origin, String sourceAddress, int sourcePort, String destinationAddress,
        int destinationPort, String serverName, String alpn, String tlsVersion, String fingerprint, String ja3,
        long bytes, boolean truncated) {

    /** A hello captured whole. */
    public TlsClientHello(Origin origin, String sourceAddress, int sourcePort, String destinationAddress,
            int destinationPort, String serverName, String alpn, String tlsVersion, String fingerprint, String ja3,
            long bytes) {
        this(origin, sourceAddress, sourcePort, destinationAddress, destinationPort, serverName, alpn, tlsVersion,
                fingerprint, ja3, bytes, false);
    }
}
