package io.netjfr.it;

import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.netjfr.it.Events.describe;
import static io.netjfr.it.Events.javaThreadName;
import static io.netjfr.it.Events.read;
import static io.netjfr.it.Events.where;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JVM in a PID namespace of its own (as in a container: it is pid 1 there) records its
 * own packets with the agent's default scope: the kernel filters and reports pids as that
 * namespace sees them, so pid is 1, tid is the namespace's thread id, javaThread resolves,
 * and hostPid is the machine's number for the same process.
 */
@RequiresBpf
class PidNamespaceIT {
    @TempDir
    Path dir;

    @Test
    void ownPacketsWithTheNamespacesPids() throws Exception {
        Path jfr = dir.resolve("ns.jfr");
        String output;
        try (Jvm app = Jvm.start(List.of("unshare", "--pid", "--fork", "--mount-proc"), Jvm.defaultJdk(),
                Jvm.agentRecording("", jfr), Jvm.TEST_CLASSES.toString(), "io.netjfr.it.apps.NetworkApp")) {
            assertEquals(0, app.waitFor(Duration.ofSeconds(60)), app.output());
            output = app.output();
            assertTrue(app.stdout().contains("app finished"), output);
            assertTrue(app.stderr().stream().noneMatch(l -> l.contains("netjfr:")), output);
        }
        List<RecordedEvent> icmp = read(jfr, "netjfr.IcmpPacket");
        List<RecordedEvent> echo = where(icmp, e -> e.getInt("icmpType") == 8);
        assertEquals(1, echo.size(), describe(icmp));
        RecordedEvent ping = echo.get(0);
        assertEquals(1, ping.getInt("pid"), "the JVM is pid 1 in its namespace");
        assertNotEquals(1, ping.getInt("hostPid"));
        assertNotEquals(ping.getInt("hostPid"), ping.getInt("tid"));
        assertEquals("icmp-sender", javaThreadName(ping));
        assertEquals("icmp-sender", ping.getString("threadName"));
        assertTrue(ping.getLong("cgroupId") > 0);

        List<RecordedEvent> http = read(jfr, "netjfr.HttpRequest");
        assertEquals(5, http.size(), describe(http));
        for (RecordedEvent r : http) {
            assertEquals(1, r.getInt("pid"), describe(http));
            assertEquals(ping.getInt("hostPid"), r.getInt("hostPid"));
            assertEquals("http-sender", javaThreadName(r), describe(http));
            assertFalse(r.getString("threadName").isEmpty());
        }
    }
}
