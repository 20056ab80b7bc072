package io.netjfr.it;

import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

import static io.netjfr.it.Events.describe;
import static io.netjfr.it.Events.javaThreadName;
import static io.netjfr.it.Events.read;
import static io.netjfr.it.Events.where;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recordings started and stopped with jcmd against a running JVM with the agent: BPF is
 * attached only while a netjfr recording runs, each recording gets its packets, and
 * repeated start/stop cycles leave no BPF programs, maps or threads behind.
 */
@RequiresBpf
class JcmdIT {
    @TempDir
    Path dir;

    @Test
    void recordingsStartedWithJcmdGetEventsAndLeaveNothingBehind() throws Exception {
        Path jdk = Jvm.defaultJdk();
        try (Jvm app = Jvm.start(jdk, List.of("-javaagent:" + Jvm.AGENT_JAR), "io.netjfr.it.apps.NetworkApp", "stdin")) {
            app.await("ports ", Duration.ofSeconds(30));
            long pid = app.pid();
            assertEquals(List.of(), app.bpfFds(), "nothing attached before any recording");

            for (int round = 1; round <= 3; round++) {
                String name = "net" + round;
                jcmd(jdk, pid, "JFR.start", "settings=" + Jvm.TEMPLATE, "name=" + name);
                assertFalse(app.bpfFds().isEmpty(), "attached while the recording runs");
                assertEquals(1, threads(pid, "netjfr-ring"));

                app.send("go");
                awaitCount(app, "round done", round);

                Path jfr = dir.resolve(name + ".jfr");
                jcmd(jdk, pid, "JFR.stop", "name=" + name, "filename=" + jfr);
                awaitZero(() -> app.bpfFds().size(), "BPF fds after JFR.stop " + name);
                awaitZero(() -> threads(pid, "netjfr-ring"), "drain threads after JFR.stop " + name);

                int r = round;
                List<RecordedEvent> icmp = read(jfr, "netjfr.IcmpPacket");
                assertEquals(1, where(icmp, e -> e.getInt("icmpType") == 8).size(), describe(icmp));
                assertEquals("icmp-sender", javaThreadName(icmp.get(0)));
                List<RecordedEvent> http = read(jfr, "netjfr.HttpRequest");
                assertEquals(1, where(http, e -> ("/first?q=" + r).equals(e.getString("target"))).size(),
                        describe(http));
                // this recording holds only its own round
                assertTrue(where(http, e -> e.getString("target").endsWith("=" + (r - 1))).isEmpty(), describe(http));
            }
            app.closeStdin();
            assertEquals(0, app.waitFor(Duration.ofSeconds(30)), app.output());
        }
    }

    private static void jcmd(Path jdk, long pid, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(jdk.resolve("bin/jcmd").toString(), Long.toString(pid)));
        cmd.addAll(List.of(args));
        Commands.Result r = Commands.run(cmd);
        assertEquals(0, r.exit(), r.output());
    }

    static int threads(long pid, String name) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return (int) tasks.filter(t -> {
                try {
                    return Files.readString(t.resolve("comm")).strip().equals(name);
                } catch (IOException e) {
                    return false;
                }
            }).count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitZero(IntSupplier count, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (count.getAsInt() != 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": " + count.getAsInt() + " left");
            }
            Thread.sleep(20);
        }
    }

    private static void awaitCount(Jvm app, String line, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (app.stdout().stream().filter(line::equals).count() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + n + " x '" + line + "'\n" + app.output());
            }
            Thread.sleep(20);
        }
    }
}
