package io.netjfr.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A TLS ClientHello parsed from the bytes a client sent: the record header, the handshake
 * header, then the hello (RFC 8446 4.1.2). Lists keep the order and the GREASE values of
 * the wire (RFC 8701); {@code complete} is false when the capture ended inside the hello,
 * in which case the lists hold what was captured.
 */
public record ClientHello(int legacyVersion, List<Integer> cipherSuites, List<Integer> extensions,
        String serverName, List<String> alpn, List<Integer> supportedVersions, List<Integer> signatureAlgorithms,
        List<Integer> supportedGroups, List<Integer> pointFormats, boolean complete) {

    static final int EXT_SERVER_NAME = 0x0000;
    static final int EXT_SUPPORTED_GROUPS = 0x000a;
    static final int EXT_EC_POINT_FORMATS = 0x000b;
    static final int EXT_SIGNATURE_ALGORITHMS = 0x000d;
    static final int EXT_ALPN = 0x0010;
    static final int EXT_SUPPORTED_VERSIONS = 0x002b;

    /** GREASE values (RFC 8701): 0x0a0a, 0x1a1a, ... 0xfafa. */
    public static boolean isGrease(int v) {
        return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff);
    }

    /** The highest version offered: from supported_versions when present, else the hello's version. */
    public int highestVersion() {
        int best = -1;
        for (int v : supportedVersions) {
            if (!isGrease(v) && v > best) {
                best = v;
            }
        }
        return best >= 0 ? best : legacyVersion;
    }

    /** "TLS 1.3", "TLS 1.2", ..., "SSL 3.0", or the hex value. */
    public static String versionName(int v) {
        return switch (v) {
            case 0x0304 -> "TLS 1.3";
            case 0x0303 -> "TLS 1.2";
            case 0x0302 -> "TLS 1.1";
            case 0x0301 -> "TLS 1.0";
            case 0x0300 -> "SSL 3.0";
            default -> String.format("0x%04x", v);
        };
    }

    /** Parses a TLS record that starts at {@code data[0]}; null when it is not a ClientHello. */
    public static ClientHello parse(byte[] data, int length) {
        int available = Math.min(length, data.length);
        if (available < 9) {
            return null;
        }
        int recordLength = ((data[3] & 0xff) << 8) | (data[4] & 0xff);
        // a hello longer than one record (over 16 KiB) continues after another record header: not parsed
        Reader r = new Reader(data, Math.min(available, 5 + recordLength));
        if (r.u8() != 0x16 || r.u8() != 3) {
            return null;
        }
        r.skip(3); // record version minor, length
        if (r.u8() != 1) {
            return null;
        }
        int helloLength = r.u24();
        if (r.failed || helloLength + 4 < 42) {
            return null;
        }
        Builder b = new Builder();
        int helloEnd = r.pos + helloLength;
        b.legacyVersion = r.u16();
        r.skip(32); // random
        r.skip(r.u8()); // session id
        int ciphersLength = r.u16();
        int ciphersEnd = r.pos + ciphersLength;
        while (r.pos + 2 <= ciphersEnd && r.has(2)) {
            b.ciphers.add(r.u16());
        }
        r.pos = ciphersEnd;
        r.skip(r.u8()); // compression methods
        if (r.pos == helloEnd) {
            return b.build(!r.failed && recordLength >= helloLength + 4); // no extensions (TLS 1.0 era)
        }
        int extensionsLength = r.u16();
        int extensionsEnd = r.pos + extensionsLength;
        while (r.pos + 4 <= extensionsEnd && r.has(4)) {
            int type = r.u16();
            int len = r.u16();
            b.extensions.add(type);
            int end = r.pos + len;
            if (end > r.limit) {
                r.failed = true;
                break;
            }
            Reader e = new Reader(data, end);
            e.pos = r.pos;
            switch (type) {
                case EXT_SERVER_NAME -> {
                    int listLength = e.u16();
                    int listEnd = e.pos + listLength;
                    while (e.pos + 3 <= listEnd && !e.failed) {
                        int nameType = e.u8();
                        int nameLength = e.u16();
                        if (nameType == 0 && e.has(nameLength) && b.serverName.isEmpty()) {
                            b.serverName = new String(data, e.pos, nameLength, StandardCharsets.US_ASCII);
                        }
                        e.skip(nameLength);
                    }
                }
                case EXT_ALPN -> {
                    int listLength = e.u16();
                    int listEnd = e.pos + listLength;
                    while (e.pos < listEnd && !e.failed) {
                        int n = e.u8();
                        if (e.has(n)) {
                            b.alpnRaw.add(java.util.Arrays.copyOfRange(data, e.pos, e.pos + n));
                        }
                        e.skip(n);
                    }
                }
                case EXT_SUPPORTED_VERSIONS -> u16List(e, e.u8(), b.versions);
                case EXT_SIGNATURE_ALGORITHMS -> u16List(e, e.u16(), b.signatureAlgorithms);
                case EXT_SUPPORTED_GROUPS -> u16List(e, e.u16(), b.groups);
                case EXT_EC_POINT_FORMATS -> {
                    int n = e.u8();
                    for (int i = 0; i < n && e.has(1); i++) {
                        b.pointFormats.add(e.u8());
                    }
                }
                default -> {
                }
            }
            r.pos = end;
        }
        boolean complete = !r.failed && r.pos == extensionsEnd && extensionsEnd <= r.limit;
        return b.build(complete);
    }

    private static void u16List(Reader e, int bytes, List<Integer> out) {
        int end = e.pos + bytes;
        while (e.pos + 2 <= end && e.has(2)) {
            out.add(e.u16());
        }
    }

    private static final class Builder {
        int legacyVersion;
        final List<Integer> ciphers = new ArrayList<>();
        final List<Integer> extensions = new ArrayList<>();
        String serverName = "";
        final List<byte[]> alpnRaw = new ArrayList<>();
        final List<Integer> versions = new ArrayList<>();
        final List<Integer> signatureAlgorithms = new ArrayList<>();
        final List<Integer> groups = new ArrayList<>();
        final List<Integer> pointFormats = new ArrayList<>();

        ClientHello build(boolean complete) {
            List<String> alpn = new ArrayList<>();
            for (byte[] p : alpnRaw) {
                alpn.add(new String(p, StandardCharsets.ISO_8859_1));
            }
            return new ClientHello(legacyVersion, List.copyOf(ciphers), List.copyOf(extensions), serverName,
                    List.copyOf(alpn), List.copyOf(versions), List.copyOf(signatureAlgorithms), List.copyOf(groups),
                    List.copyOf(pointFormats), complete);
        }
    }

    /** Big-endian reads that never throw: past the limit they set {@code failed} and return 0. */
    private static final class Reader {
        final byte[] data;
        final int limit;
        int pos;
        boolean failed;

        Reader(byte[] data, int limit) {
            this.data = data;
            this.limit = limit;
        }

        boolean has(int n) {
            if (n < 0 || pos + n > limit) {
                failed = true;
                return false;
            }
            return true;
        }

        int u8() {
            return has(1) ? data[pos++] & 0xff : 0;
        }

        int u16() {
            return (u8() << 8) | u8();
        }

        int u24() {
            return (u8() << 16) | u16();
        }

        void skip(int n) {
            if (has(n)) {
                pos += n;
            } else {
                pos = limit;
            }
        }
    }
}
