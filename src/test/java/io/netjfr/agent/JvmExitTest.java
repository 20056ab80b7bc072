package io.netjfr.agent;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JvmExitTest {
    /** Prints what JvmExit says in main, then in a shutdown hook. */
    public static final class Probe {
        public static void main(String[] args) {
            System.out.println("main " + JvmExit.inProgress());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("exit " + JvmExit.inProgress())));
        }
    }

    @Test
    void saysWhenTheJvmExits() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Probe.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertEquals(List.of("main false", "exit true"), out.lines().toList());
    }
}
