package io.netjfr.it;

import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.netjfr.it.Events.describe;
import static io.netjfr.it.Events.read;
import static io.netjfr.it.Events.where;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Agent option async: main runs while the programs load on netjfr-loader (the verifier
 * takes most of a second here, main's first line a few milliseconds), verbose says when
 * each hook attached, and traffic from then on is recorded.
 */
@RequiresBpf
class AsyncStartIT {
    @TempDir
    Path dir;

    @Test
    void mainRunsWhileTheProgramsLoadAndTrafficAfterTheAttachIsRecorded() throws Exception {
        Path jfr = dir.resolve("async.jfr");
        try (Jvm app = Jvm.start(Jvm.defaultJdk(), Jvm.agentRecording("async,verbose", jfr),
                "io.netjfr.it.apps.NetworkApp", "stdin")) {
            app.await("ports ", Duration.ofSeconds(30));
            assertTrue(app.stderr().stream().noneMatch(l -> l.contains("attached with")),
                    "main ran before the hooks were attached\n" + app.output());
            String recv = app.await("netjfr: recv: attached with", Duration.ofSeconds(60));
            assertTrue(recv.matches("netjfr: recv: attached with \\S+ [0-9.]+ s after the recording asked.*"), recv);
            app.send("go");
            app.await("round done", Duration.ofSeconds(30));
            app.closeStdin();
            assertEquals(0, app.waitFor(Duration.ofSeconds(30)), app.output());
        }
        List<RecordedEvent> icmp = read(jfr, "netjfr.IcmpPacket");
        assertEquals(1, where(icmp, e -> e.getInt("icmpType") == 8).size(), describe(icmp));
        List<RecordedEvent> http = read(jfr, "netjfr.HttpRequest");
        assertEquals(5, http.size(), describe(http));
    }
}
