package io.netjfr.it;

import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.netjfr.it.Events.describe;
import static io.netjfr.it.Events.read;
import static io.netjfr.it.Events.where;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The synchronous start loads the programs for the recordings the JVM starts with from
 * premain on, while JFR initializes: main still runs only once every hook is attached, and
 * when the recordings want other hooks than premain read from the command line (here a
 * second recording from an argument file, which the launcher expands where premain cannot
 * see it), they get what they want all the same.
 */
@RequiresBpf
class StartupLoadIT {
    @TempDir
    Path dir;

    @Test
    void mainWaitsForTheLoadBegunInPremain() throws Exception {
        Path jfr = dir.resolve("early.jfr");
        try (Jvm app = Jvm.start(Jvm.defaultJdk(), Jvm.agentRecording("verbose", jfr),
                "io.netjfr.it.apps.NetworkApp", "stdin")) {
            app.await("ports ", Duration.ofSeconds(60));
            assertTrue(app.stderr().stream().anyMatch(l -> l.startsWith("netjfr: loading [icmp, http, tls, recv] for the")),
                    app.output());
            assertTrue(app.stderr().stream().anyMatch(l -> l.startsWith("netjfr: recv: attached with")),
                    "main ran before the hooks were attached\n" + app.output());
            app.send("go");
            app.await("round done", Duration.ofSeconds(30));
            app.closeStdin();
            assertEquals(0, app.waitFor(Duration.ofSeconds(30)), app.output());
        }
        List<RecordedEvent> icmp = read(jfr, "netjfr.IcmpPacket");
        assertEquals(1, where(icmp, e -> e.getInt("icmpType") == 8).size(), describe(icmp));
        assertEquals(5, read(jfr, "netjfr.HttpRequest").size());
    }

    @Test
    void recordingsThatWantOtherHooksGetThem() throws Exception {
        Path httpOnly = dir.resolve("http-only.jfc");
        Files.writeString(httpOnly, """
                <?xml version="1.0" encoding="UTF-8"?>
                <configuration version="2.0">
                  <event name="netjfr.HttpRequest"><setting name="enabled">true</setting></event>
                </configuration>
                """);
        Path icmpOnly = dir.resolve("icmp-only.jfc");
        Files.writeString(icmpOnly, Files.readString(httpOnly).replace("netjfr.HttpRequest", "netjfr.IcmpPacket"));
        Path http = dir.resolve("http.jfr");
        Path icmp = dir.resolve("icmp.jfr");
        Path argFile = dir.resolve("recording.args");
        Files.writeString(argFile, "-XX:StartFlightRecording:filename=" + icmp + ",settings=" + icmpOnly + "\n");
        List<String> options = new ArrayList<>(List.of("-javaagent:" + Jvm.AGENT_JAR + "=verbose",
                "-XX:StartFlightRecording:filename=" + http + ",settings=" + httpOnly, "@" + argFile));
        try (Jvm app = Jvm.start(Jvm.defaultJdk(), options, "io.netjfr.it.apps.NetworkApp", "stdin")) {
            app.await("ports ", Duration.ofSeconds(60));
            assertTrue(app.stderr().stream().anyMatch(l -> l.startsWith("netjfr: loading [http] for the")), app.output());
            assertTrue(app.stderr().stream().anyMatch(l -> l.startsWith("netjfr: icmp: attached with")),
                    "main ran before the hooks were attached\n" + app.output());
            app.send("go");
            app.await("round done", Duration.ofSeconds(30));
            app.closeStdin();
            assertEquals(0, app.waitFor(Duration.ofSeconds(30)), app.output());
        }
        assertEquals(5, read(http, "netjfr.HttpRequest").size());
        List<RecordedEvent> pings = read(icmp, "netjfr.IcmpPacket");
        assertEquals(1, where(pings, e -> e.getInt("icmpType") == 8).size(), describe(pings));
    }
}
