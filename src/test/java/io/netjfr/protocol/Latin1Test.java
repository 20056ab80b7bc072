package io.netjfr.protocol;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class Latin1Test {
    private static final byte[] ALPHABET = {'\r', '\n', 'a', ' ', (byte) 0x8a, (byte) 0xff, 0, (byte) 0x0b};

    /** The word-at-a-time searches agree with a byte loop, for every range of random heads. */
    @Test
    void searchesAgreeWithAByteLoop() {
        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            byte[] b = randomBytes(random, 40);
            for (int from = 0; from <= b.length; from++) {
                for (int to = from; to <= b.length; to++) {
                    String where = "from " + from + " to " + to + " in " + java.util.Arrays.toString(b);
                    assertEquals(naive(b, from, to, "\n"), Latin1.indexOfNewline(b, from, to), where);
                    assertEquals(naiveHeadEnd(b, from, to), Latin1.headEnd(b, from, to), where);
                }
            }
        }
    }

    /**
     * The string cache hands out the string of the bytes, whatever slot they share with
     * others: every range of random bytes (words and tails, colliding or not), and the same
     * instance again for the same bytes at another offset.
     */
    @Test
    void cachedStringsAreTheBytesStrings() {
        Random random = new Random(7);
        Latin1 cache = new Latin1();
        for (int round = 0; round < 200; round++) {
            byte[] b = randomBytes(random, 30);
            for (int from = 0; from <= b.length; from++) {
                for (int to = from; to <= b.length; to++) {
                    String expected = new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
                    String s = Latin1.string(cache, b, from, to);
                    assertEquals(expected, s);
                    byte[] shifted = new byte[to - from + 3];
                    System.arraycopy(b, from, shifted, 3, to - from);
                    assertSame(s, Latin1.string(cache, shifted, 3, shifted.length), expected);
                }
            }
        }
    }

    /** Up to {@code max} bytes drawn from {@link #ALPHABET}: line ends, letters, bytes >= 0x80, NUL. */
    private static byte[] randomBytes(Random random, int max) {
        byte[] b = new byte[random.nextInt(max)];
        for (int i = 0; i < b.length; i++) {
            b[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return b;
    }

    /** After the first of "\n\n" and "\n\r\n" in b[from..to): a blank line, with or without its CR. */
    private static int naiveHeadEnd(byte[] b, int from, int to) {
        int lflf = naive(b, from, to, "\n\n");
        int lfcrlf = naive(b, from, to, "\n\r\n");
        int a = lflf < 0 ? Integer.MAX_VALUE : lflf + 2;
        int c = lfcrlf < 0 ? Integer.MAX_VALUE : lfcrlf + 3;
        return Math.min(a, c) == Integer.MAX_VALUE ? -1 : Math.min(a, c);
    }

    private static int naive(byte[] b, int from, int to, String s) {
        outer:
        for (int i = from; i + s.length() <= to; i++) {
            for (int j = 0; j < s.length(); j++) {
                if (b[i + j] != s.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
