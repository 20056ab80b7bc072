package io.netjfr.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netjfr.protocol.HelloAssembler.Hello;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HelloAssemblerTest {
    private final List<Hello<String>> out = new ArrayList<>();
    private final HelloAssembler<String> assembler = new HelloAssembler<>(h -> out.add(
            new Hello<>(h.context(), Arrays.copyOf(h.data(), h.length()), h.length(), h.bytes(), h.cut())));

    /** A handshake record of {@code length} bytes after its header (the content does not matter here). */
    private static byte[] record(int length) {
        byte[] b = new byte[5 + length];
        b[0] = 0x16;
        b[1] = 3;
        b[2] = 1;
        b[3] = (byte) (length >> 8);
        b[4] = (byte) length;
        for (int i = 5; i < b.length; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    @Test
    void aHelloInTwoSendsIsPutTogether() {
        byte[] hello = record(512);
        assembler.accept(7, false, "curl", 10, Arrays.copyOf(hello, 40), 40, 40);
        assertEquals(1, assembler.pending());
        byte[] rest = Arrays.copyOfRange(hello, 40, hello.length);
        assembler.accept(7, true, null, 11, rest, rest.length, rest.length);
        assertEquals(1, out.size());
        assertArrayEquals(hello, out.get(0).data());
        assertEquals("curl", out.get(0).context());
        assertEquals(hello.length, out.get(0).bytes());
        assertFalse(out.get(0).cut());
        assertEquals(0, assembler.pending());
    }

    @Test
    void aWholeHelloGoesOnAtOnce() {
        byte[] hello = record(100);
        assembler.accept(7, false, "curl", 10, hello, hello.length, hello.length);
        assertFalse(out.get(0).cut());
    }

    @Test
    void aRestThatNeverComesIsCut() {
        assembler.accept(7, false, "a", 10, record(512), 40, 40);
        assembler.accept(8, false, "b", 20, record(512), 40, 40);
        assembler.flushStartedBefore(15);
        assertEquals(1, out.size());
        assertTrue(out.get(0).cut());
        assembler.close(8);
        assertEquals("b", out.get(1).context());
        assertEquals(0, assembler.pending());
    }
}
