package io.netjfr.record;

/** A TLS ClientHello a process sent: what it asked for and its JA4 / JA3 fingerprints ("" when cut off). */
public record TlsClientHello(Origin origin, String sourceAddress, int sourcePort, String destinationAddress,
        int destinationPort, String serverName, String alpn, String tlsVersion, String fingerprint, String ja3,
        long bytes) {
}
