package io.netjfr.record;

/** Text forms of the addresses in records: dotted IPv4, RFC 5952 IPv6, IPv4-mapped shown as IPv4. */
public final class Addresses {
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;

    private Addresses() {
    }

    /** Formats {@code address[0..16)} of the given family. */
    public static String format(int family, byte[] address) {
        if (family == AF_INET || isV4Mapped(address)) {
            int o = family == AF_INET ? 0 : 12;
            return (address[o] & 0xff) + "." + (address[o + 1] & 0xff) + "." + (address[o + 2] & 0xff) + "."
                    + (address[o + 3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8;) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
    }

    /** "IPv4" or "IPv6". */
    public static String familyName(int family) {
        return family == AF_INET6 ? "IPv6" : "IPv4";
    }
}
