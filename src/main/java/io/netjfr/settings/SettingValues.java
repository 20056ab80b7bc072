package io.netjfr.settings;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/** JFR's textual setting values, as .jfc files and recordings carry them: timespans and rates. */
public final class SettingValues {
    /** A throttle without a limit. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    private SettingValues() {
    }

    /**
     * The value that ranks highest by {@code rank}, the first of equals ({@code none} when no
     * value ranks above {@code floor}): how recordings' settings combine.
     */
    static String first(Set<String> values, String none, long floor, ToLongFunction<String> rank) {
        String best = none;
        long bestRank = floor;
        for (String v : values) {
            long r = rank.applyAsLong(v);
            if (r > bestRank) {
                best = v;
                bestRank = r;
            }
        }
        return best;
    }

    /** "20 ms", "0 ns", "1 s", "20ms" to nanoseconds; throws IllegalArgumentException naming the value. */
    public static long nanos(String timespan) {
        String t = timespan.strip().toLowerCase(Locale.ROOT);
        int unit = 0;
        while (unit < t.length() && Character.isDigit(t.charAt(unit))) {
            unit++;
        }
        if (unit == 0) {
            throw new IllegalArgumentException("invalid timespan '" + timespan + "' (expected 20 ms, 1 s, 0 ns, ...)");
        }
        long n = Long.parseLong(t.substring(0, unit));
        return switch (t.substring(unit).strip()) {
            case "ns" -> n;
            case "us" -> TimeUnit.MICROSECONDS.toNanos(n);
            case "ms" -> TimeUnit.MILLISECONDS.toNanos(n);
            case "s" -> TimeUnit.SECONDS.toNanos(n);
            case "m", "min" -> TimeUnit.MINUTES.toNanos(n);
            case "h" -> TimeUnit.HOURS.toNanos(n);
            case "d" -> TimeUnit.DAYS.toNanos(n);
            default -> throw new IllegalArgumentException("invalid timespan '" + timespan
                    + "' (expected a unit: ns, us, ms, s, m, h, d)");
        };
    }

    /**
     * "150/s", "10/ms", "1000/m" to events per second (rounded up, so a rate is never made
     * stricter); "off" to {@link #UNLIMITED}. Throws IllegalArgumentException naming the value.
     */
    public static long perSecond(String rate) {
        String r = rate.strip().toLowerCase(Locale.ROOT);
        if (r.equals("off")) {
            return UNLIMITED;
        }
        String[] parts = r.split("/");
        try {
            long n = Long.parseLong(parts[0].strip());
            if (parts.length != 2 || n < 0) {
                throw new NumberFormatException();
            }
            long perSecond = switch (parts[1].strip()) {
                case "ns" -> n * 1_000_000_000L;
                case "us" -> n * 1_000_000L;
                case "ms" -> n * 1000;
                case "s" -> n;
                case "m", "min" -> (n + 59) / 60;
                case "h" -> (n + 3599) / 3600;
                case "d" -> (n + 86399) / 86400;
                default -> throw new NumberFormatException();
            };
            return perSecond < 0 ? UNLIMITED : perSecond;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid rate '" + rate + "' (expected 100/s, 10/ms, off, ...)");
        }
    }
}
