package io.netjfr.cli;

import picocli.CommandLine;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}, {@code 1m30s}, plain seconds ({@code 30}) or
 * ISO-8601 ({@code PT30S}); more than zero.
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        Duration d = parse(value.strip().toLowerCase(Locale.ROOT));
        if (d == null || d.isZero() || d.isNegative()) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration (expected e.g. 30s, 500ms, 5m, 1h, 1m30s)");
        }
        return d;
    }

    static Duration parse(String s) {
        try {
            return s.matches("\\d{1,12}") ? Duration.ofSeconds(Long.parseLong(s)) : parseUnits(s);
        } catch (ArithmeticException e) {
            return null;
        }
    }

    private static Duration parseUnits(String s) {
        if (s.startsWith("pt")) {
            try {
                return Duration.parse(s);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        Matcher m = PART.matcher(s);
        Duration total = Duration.ZERO;
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                return null;
            }
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                return null;
            }
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
            at = m.end();
        }
        return at == 0 ? null : total;
    }
}
