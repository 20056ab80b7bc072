package io.netjfr.correlate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netjfr.record.ProcessInfo;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProcessesTest {

    private static String line(String raw, boolean truncated) {
        byte[] b = raw.getBytes(StandardCharsets.UTF_8);
        return Processes.commandLine(b, b.length, truncated);
    }

    @Test
    void nulSeparatorsBecomeSpaces() {
        assertEquals("java -Xmx1g -jar app.jar", line("java\0-Xmx1g\0-jar\0app.jar\0", false));
    }

    @Test
    void trailingNulsDropped() {
        assertEquals("a b", line("a\0b\0\0\0", false));
        assertEquals("", line("\0\0", false));
        assertEquals("", Processes.commandLine(new byte[0], 0, false));
    }

    @Test
    void emptyArgumentKeepsItsSpace() {
        assertEquals("a  b", line("a\0\0b\0", false));
    }

    @Test
    void onlyLengthBytesUsed() {
        byte[] b = "java\0-version\0garbage".getBytes(StandardCharsets.UTF_8);
        assertEquals("java -version", Processes.commandLine(b, 14, false));
    }

    @Test
    void truncatedGetsEllipsis() {
        assertEquals("java -cp /very/lo...", line("java\0-cp\0/very/lo", true));
    }

    @Test
    void utf8() {
        assertEquals("echo h\u00e9", line("echo\0h\u00e9\0", false));
    }

    @Test
    void currentProcessFromProc() {
        int pid = (int) ProcessHandle.current().pid();
        Processes processes = new Processes();
        ProcessInfo p = processes.get(pid, pid);
        assertEquals(pid, p.pid());
        assertEquals("java", p.name());
        assertTrue(p.commandLine().contains("java"), p.commandLine());
        assertSame(p, processes.get(pid, pid));
    }

    @Test
    void announcedWinsOverProc() {
        Processes processes = new Processes();
        ProcessInfo announced = new ProcessInfo(12345678, "worker", "worker --x");
        processes.announce(announced);
        assertSame(announced, processes.get(12345678, 12345678));
    }

    @Test
    void missingProcessIsEmpty() {
        ProcessInfo p = new Processes().get(Integer.MAX_VALUE, Integer.MAX_VALUE);
        assertEquals(new ProcessInfo(Integer.MAX_VALUE, "", ""), p);
    }
}
