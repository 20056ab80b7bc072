package io.netjfr.protocol;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Latin1Test {
    private static final byte[] ALPHABET = {'\r', '\n', 'a', ' ', (byte) 0x8a, (byte) 0xff, 0, (byte) 0x0b};

    /** The word-at-a-time searches agree with a byte loop, for every range of random heads. */
    @Test
    void searchesAgreeWithAByteLoop() {
        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            byte[] b = new byte[random.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                b[i] = ALPHABET[random.nextInt(ALPHABET.length)];
            }
            for (int from = 0; from <= b.length; from++) {
                for (int to = from; to <= b.length; to++) {
                    String where = "from " + from + " to " + to + " in " + java.util.Arrays.toString(b);
                    assertEquals(naive(b, from, to, "\n"), Latin1.indexOfNewline(b, from, to), where);
                    assertEquals(naive(b, from, to, "\r\n"), Latin1.indexOfCrlf(b, from, to), where);
                    assertEquals(naive(b, from, to, "\r\n\r\n"), Latin1.indexOfBlankLine(b, from, to), where);
                }
            }
        }
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
