package io.netjfr.it;

/** Small text helpers for child output. */
final class Files2 {
    private Files2() {
    }

    /** The first line of {@code text} starting with {@code prefix}. */
    static String line(String text, String prefix) {
        for (String l : text.split("\n")) {
            if (l.startsWith(prefix)) {
                return l;
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' in\n" + text);
    }
}
