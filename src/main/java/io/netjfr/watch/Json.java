package io.netjfr.watch;

import java.util.Map;

/** A small JSON encoder for flat objects: strings, numbers, booleans and null. Output is pure ASCII. */
public final class Json {
    private Json() {
    }

    /** {@code {"a":1,"b":"x"}} */
    public static String object(Map<String, ?> fields) {
        StringBuilder sb = new StringBuilder(256).append('{');
        fields.forEach((name, value) -> {
            if (sb.length() > 1) {
                sb.append(',');
            }
            string(sb, name);
            sb.append(':');
            value(sb, value);
        });
        return sb.append('}').toString();
    }

    static void value(StringBuilder sb, Object value) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof Number || value instanceof Boolean) {
            sb.append(value);
        } else {
            string(sb, value.toString());
        }
    }

    /** A JSON string: quotes, backslashes and control characters escaped, non-ASCII as \\uXXXX. */
    static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
