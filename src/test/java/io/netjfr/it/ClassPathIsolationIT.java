package io.netjfr.it;

import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.netjfr.it.Events.describe;
import static io.netjfr.it.Events.javaThreadName;
import static io.netjfr.it.Events.read;
import static io.netjfr.it.Events.where;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent's own dependencies stay off the application's class path: an application
 * shipping JNA 5.13.0 gets its own JNA (and can call libc with it), does not see the
 * agent's picocli or classes, and its HTTP request is still recorded.
 */
@RequiresBpf
class ClassPathIsolationIT {
    private static final Path OWN_JNA = Path.of(System.getProperty("netjfr.it.jna", "target/it-libs/jna-5.13.0.jar"))
            .toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void applicationKeepsItsOwnJna() throws Exception {
        assertTrue(Files.isReadable(OWN_JNA), OWN_JNA + " (copied by the pom at pre-integration-test)");
        Path jfr = dir.resolve("app.jfr");
        long pid;
        try (Jvm app = Jvm.start(List.of(), Jvm.defaultJdk(), Jvm.agentRecording("", jfr),
                Jvm.TEST_CLASSES + File.pathSeparator + OWN_JNA, "io.netjfr.it.apps.OwnJnaApp")) {
            assertEquals(0, app.waitFor(Duration.ofSeconds(60)), app.output());
            pid = app.pid();
            String output = app.output();
            assertTrue(app.stdout().contains("app finished"), output);
            assertTrue(Files2.line(output, "jna ").startsWith("jna 5.13.0 from "), output);
            assertTrue(Files2.line(output, "jna ").endsWith(OWN_JNA.getFileName().toString()), output);
            assertEquals("getpid " + pid + " " + pid, Files2.line(output, "getpid "));
            assertTrue(app.stdout().contains("visible picocli.CommandLine false"), output);
            assertTrue(app.stdout().contains("visible io.netjfr.agent.Agent false"), output);
            assertTrue(app.stdout().contains("http status 204"), output);
            assertTrue(app.stderr().stream().noneMatch(l -> l.contains("netjfr") || l.contains("Exception")), output);
        }
        List<RecordedEvent> http = read(jfr, "netjfr.HttpRequest");
        List<RecordedEvent> mine = where(http, e -> "/own-jna".equals(e.getString("target")));
        assertEquals(1, mine.size(), describe(http));
        assertEquals(pid, mine.get(0).getInt("pid"));
        assertEquals("GET", mine.get(0).getString("method"));
        assertEquals("http-sender", javaThreadName(mine.get(0)));
    }
}
