package io.netjfr.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Client fingerprints of a ClientHello.
 *
 * <p>JA4 (FoxIO, TLS client part), {@code a_b_c}:
 * <ul>
 * <li>a: {@code t} (TLS over TCP); the highest version offered (supported_versions when
 *     present, else the hello's version; GREASE ignored) as 13, 12, 11, 10, s3, else 00;
 *     {@code d} with a server_name extension, else {@code i}; the number of cipher suites
 *     and of extensions (SNI and ALPN included), GREASE ignored, two digits, at most 99;
 *     the first and last character of the first ALPN value ({@code 00} without one; a
 *     single character counts as both; when either is not alphanumeric, the first hex
 *     digit of the first byte and the last hex digit of the last byte).</li>
 * <li>b: the first 12 hex digits of SHA-256 over the cipher suites as 4-digit lower-case
 *     hex, GREASE removed, sorted, comma separated ({@code 000000000000} when none).</li>
 * <li>c: the same over the extensions sorted without GREASE, SNI (0000) and ALPN (0010),
 *     then, when the hello has signature algorithms, {@code _} and those in wire order
 *     ({@code 000000000000} when there are no extensions left).</li>
 * </ul>
 *
 * <p>JA3: MD5 of {@code version,ciphers,extensions,groups,point formats}, decimal values
 * joined by {@code -} in wire order, GREASE removed, version being the hello's.
 */
public final class TlsFingerprint {
    private static final String EMPTY_HASH = "000000000000";

    private TlsFingerprint() {
    }

    public static String ja4(ClientHello h) {
        return ja4a(h) + "_" + ja4b(h) + "_" + ja4c(h);
    }

    static String ja4a(ClientHello h) {
        String version = switch (h.highestVersion()) {
            case 0x0304 -> "13";
            case 0x0303 -> "12";
            case 0x0302 -> "11";
            case 0x0301 -> "10";
            case 0x0300 -> "s3";
            case 0x0200 -> "s2";
            case 0x0100 -> "s1";
            default -> "00";
        };
        boolean sni = h.extensions().contains(ClientHello.EXT_SERVER_NAME);
        return "t" + version + (sni ? "d" : "i") + twoDigits(withoutGrease(h.cipherSuites()).size())
                + twoDigits(withoutGrease(h.extensions()).size()) + alpnChars(h.alpn());
    }

    static String ja4b(ClientHello h) {
        List<Integer> ciphers = withoutGrease(h.cipherSuites());
        return ciphers.isEmpty() ? EMPTY_HASH : sha256Prefix(hexList(ciphers.stream().sorted().toList()));
    }

    static String ja4c(ClientHello h) {
        List<Integer> extensions = withoutGrease(h.extensions()).stream()
                .filter(e -> e != ClientHello.EXT_SERVER_NAME && e != ClientHello.EXT_ALPN).sorted().toList();
        if (extensions.isEmpty()) {
            return EMPTY_HASH;
        }
        String text = hexList(extensions);
        List<Integer> signatures = withoutGrease(h.signatureAlgorithms());
        if (!signatures.isEmpty()) {
            text += "_" + hexList(signatures);
        }
        return sha256Prefix(text);
    }

    public static String ja3(ClientHello h) {
        String text = h.legacyVersion() + "," + decimalList(h.cipherSuites()) + "," + decimalList(h.extensions()) + ","
                + decimalList(h.supportedGroups()) + "," + decimalList(h.pointFormats());
        return HexFormat.of().formatHex(digest("MD5", text));
    }

    private static String alpnChars(List<String> alpn) {
        if (alpn.isEmpty() || alpn.get(0).isEmpty()) {
            return "00";
        }
        String v = alpn.get(0);
        char first = v.charAt(0);
        char last = v.charAt(v.length() - 1);
        if (!alnum(first) || !alnum(last)) {
            String hexFirst = String.format("%02x", (int) first & 0xff);
            String hexLast = String.format("%02x", (int) last & 0xff);
            return hexFirst.charAt(0) + "" + hexLast.charAt(1);
        }
        return first + "" + last;
    }

    private static boolean alnum(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static String twoDigits(int n) {
        return String.format("%02d", Math.min(n, 99));
    }

    private static List<Integer> withoutGrease(List<Integer> values) {
        return values.stream().filter(v -> !ClientHello.isGrease(v)).toList();
    }

    private static String hexList(List<Integer> values) {
        return values.stream().map(v -> String.format("%04x", v)).collect(Collectors.joining(","));
    }

    private static String decimalList(List<Integer> values) {
        return withoutGrease(values).stream().map(String::valueOf).collect(Collectors.joining("-"));
    }

    static String sha256Prefix(String text) {
        return HexFormat.of().formatHex(digest("SHA-256", text)).substring(0, 12);
    }

    private static byte[] digest(String algorithm, String text) {
        try {
            return MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm, e);
        }
    }
}
