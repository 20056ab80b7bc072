package io.netjfr.it;

import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.netjfr.it.Events.describe;
import static io.netjfr.it.Events.read;
import static io.netjfr.it.Events.where;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The synchronous start loads the programs for the recordings the JVM starts with from
 * premain on, while JFR initializes, and main still runs only once they are attached:
 * NetworkApp's traffic, sent as main begins, is all in the recording. When the recordings
 * want other hooks than premain read from the command line (here a second recording from
 * an argument file, which the launcher expands where premain cannot see it), they get what
 * they want all the same.
 */
@RequiresBpf
class StartupLoadIT {
    private static final String JFC = """
            <?xml version="1.0" encoding="UTF-8"?>
            <configuration version="2.0">
              <event name="%s"><setting name="enabled">true</setting></event>
            </configuration>
            """;

    @TempDir
    Path dir;

    @Test
    void mainWaitsForTheLoadBegunInPremain() throws Exception {
        Path jfr = dir.resolve("early.jfr");
        List<String> stderr = oneRound(Jvm.agentRecording("verbose", jfr));
        assertTrue(stderr.stream().anyMatch(l -> l.startsWith("netjfr: loading [icmp, http, tls, recv] for the")),
                String.join("\n", stderr));
        assertEchoRequests(jfr);
        assertEquals(5, read(jfr, "netjfr.HttpRequest").size());
    }

    @Test
    void recordingsThatWantOtherHooksGetThem() throws Exception {
        Path httpOnly = dir.resolve("http-only.jfc");
        Files.writeString(httpOnly, JFC.formatted("netjfr.HttpRequest"));
        Path icmpOnly = dir.resolve("icmp-only.jfc");
        Files.writeString(icmpOnly, JFC.formatted("netjfr.IcmpPacket"));
        Path http = dir.resolve("http.jfr");
        Path icmp = dir.resolve("icmp.jfr");
        Path argFile = dir.resolve("recording.args");
        Files.writeString(argFile, "-XX:StartFlightRecording:filename=" + icmp + ",settings=" + icmpOnly + "\n");
        List<String> stderr = oneRound(List.of("-javaagent:" + Jvm.AGENT_JAR + "=verbose",
                "-XX:StartFlightRecording:filename=" + http + ",settings=" + httpOnly, "@" + argFile));
        assertTrue(stderr.stream().anyMatch(l -> l.startsWith("netjfr: loading [http] for the")),
                String.join("\n", stderr));
        assertEquals(5, read(http, "netjfr.HttpRequest").size());
        assertEchoRequests(icmp);
    }

    /** NetworkApp's one round (it exits after it) under {@code options}; its stderr. */
    private static List<String> oneRound(List<String> options) throws Exception {
        try (Jvm app = Jvm.start(Jvm.defaultJdk(), options, "io.netjfr.it.apps.NetworkApp")) {
            assertEquals(0, app.waitFor(Duration.ofSeconds(60)), app.output());
            return app.stderr();
        }
    }

    private static void assertEchoRequests(Path jfr) throws Exception {
        List<RecordedEvent> icmp = read(jfr, "netjfr.IcmpPacket");
        assertEquals(1, where(icmp, e -> e.getInt("icmpType") == 8).size(), describe(icmp));
    }
}
