package io.netjfr.it;

import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.netjfr.it.Events.describe;
import static io.netjfr.it.Events.javaThreadName;
import static io.netjfr.it.Events.read;
import static io.netjfr.it.Events.where;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code netjfr attach <pid>} into a JVM started without the agent (again: nothing loaded, said
 * so, an error when the options differ), then a recording started with jcmd and the netjfr template holds that JVM's
 * packets, as with -javaagent.
 */
@RequiresBpf
class AttachIT {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.netjfr.it.Jvm#jdks")
    void attachThenJcmdRecording(Path jdk) throws Exception {
        Path jfr = dir.resolve("attached.jfr");
        List<String> options = new ArrayList<>();
        if (Jvm.feature(jdk) >= 21) {
            options.add("-XX:+EnableDynamicAgentLoading"); // else JDK 21+ warns about the agent (README)
        }
        try (Jvm app = Jvm.start(jdk, options, "io.netjfr.it.apps.NetworkApp", "stdin")) {
            app.await("ports ", Duration.ofSeconds(30));
            String pid = Long.toString(app.pid());
            Commands.Result attach = Commands.netjfrRun("attach", pid);
            assertEquals(0, attach.exit(), attach.output());
            assertTrue(attach.stdout().startsWith("netjfr: agent loaded into JVM " + pid + " ("), attach.output());
            Commands.Result again = Commands.netjfrRun("attach", pid);
            assertEquals(0, again.exit(), again.output());
            assertTrue(again.stdout().startsWith("netjfr: the agent already runs in JVM " + pid + " ("), again.output());
            Commands.Result other = Commands.netjfrRun("attach", pid, "verbose");
            assertEquals(1, other.exit(), other.output());
            assertTrue(other.stderr().contains("with options '', which stay until that JVM ends: nothing loaded"),
                    other.output());
            String jcmd = jdk.resolve("bin/jcmd").toString();
            Commands.Result start = Commands.run(jcmd, pid, "JFR.start", "settings=" + Jvm.TEMPLATE, "name=x");
            assertEquals(0, start.exit(), start.output());
            app.send("round");
            app.await("round done", Duration.ofSeconds(30));
            Commands.Result stop = Commands.run(jcmd, pid, "JFR.stop", "name=x", "filename=" + jfr);
            assertEquals(0, stop.exit(), stop.output());
            app.closeStdin();
            assertEquals(0, app.waitFor(Duration.ofSeconds(30)), app.output());
            // loaded once, no warning (JDK 22+ gets the README's native-access flag)
            assertTrue(app.stderr().stream().noneMatch(l -> l.contains("WARNING") || l.contains("netjfr:")),
                    app.output());

            List<RecordedEvent> icmp = where(read(jfr, "netjfr.IcmpPacket"), e -> e.getInt("icmpType") == 8);
            assertEquals(1, icmp.size(), describe(icmp));
            assertEquals(app.pid(), icmp.get(0).getInt("pid"));
            assertEquals("icmp-sender", javaThreadName(icmp.get(0)));
            List<RecordedEvent> http = read(jfr, "netjfr.HttpRequest");
            assertEquals(5, http.size(), describe(http));
            for (RecordedEvent e : http) {
                assertEquals(app.pid(), e.getInt("pid"));
                assertEquals("http-sender", javaThreadName(e), e.toString());
            }
        }
    }
}
