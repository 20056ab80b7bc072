package io.netjfr.it;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.netjfr.it.Events.describe;
import static io.netjfr.it.Events.javaThreadName;
import static io.netjfr.it.Events.read;
import static io.netjfr.it.Events.where;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every packet names the Java thread that sent it (issue 14), on JDK 17 and 25: threads
 * that end right after sending, virtual threads (with their carrier), a platform thread
 * right after them, and 500 threads churning, without a single thread dump from netjfr.
 */
@RequiresBpf
class ThreadsIT {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.netjfr.it.Jvm#jdks")
    void aThreadThatEndsRightAfterSendingIsNamed(Path jdk) throws Exception {
        Path jfr = run(jdk, List.of(), "short");
        List<RecordedEvent> icmp = where(read(jfr, "netjfr.IcmpPacket"), e -> e.getInt("icmpType") == 8);
        assertEquals(1, icmp.size(), describe(icmp));
        assertEquals("short-pinger", javaThreadName(icmp.get(0)), icmp.get(0).toString());
        assertEquals("short-pinger", icmp.get(0).getString("threadName"), "the kernel's comm");
        RecordedEvent missing = one(read(jfr, "netjfr.HttpRequest"), "/missing");
        assertEquals("short-getter", javaThreadName(missing), missing.toString());
        assertNull(missing.getThread("carrierThread"));
        String report = analyze(jfr);
        assertTrue(AnalyzeIT.block(report, "[short-getter]  GET http://127.0.0.1:").contains(
                "at io.netjfr.it.apps.ThreadsApp.getFromShortThread:"), report);
    }

    /** The test JDKs that have virtual threads (21+): Temurin 25. */
    static Stream<Path> virtualThreadJdks() {
        return Jvm.jdks().filter(jdk -> Jvm.feature(jdk) >= 21);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("virtualThreadJdks")
    void virtualThreadsAreNamedWithTheirCarrierAndAPlatformThreadAfterThem(Path jdk) throws Exception {
        Path jfr = run(jdk, List.of(), "virtual");
        List<RecordedEvent> http = read(jfr, "netjfr.HttpRequest");
        for (int n = 1; n <= 3; n++) {
            RecordedEvent e = one(http, "/vt/" + n);
            RecordedThread vt = e.getThread("javaThread");
            assertEquals("vt-sender-" + n, vt == null ? null : vt.getJavaName(), e.toString());
            RecordedThread carrier = e.getThread("carrierThread");
            assertTrue(carrier != null && carrier.getJavaName().startsWith("ForkJoinPool-"), e.toString());
            assertTrue(e.getString("threadName").startsWith("ForkJoinPool-"), "the kernel sees the carrier");
        }
        RecordedEvent platform = one(http, "/platform");
        assertEquals("platform-after", javaThreadName(platform), platform.toString());
        assertNull(platform.getThread("carrierThread"));
        String report = analyze(jfr);
        assertTrue(AnalyzeIT.block(report, "[vt-sender-2]  GET http://127.0.0.1:").contains(
                "at io.netjfr.it.apps.ThreadsApp.sendFromVirtualThread:"), report);
        assertTrue(AnalyzeIT.block(report, "[platform-after]  GET http://127.0.0.1:").contains(
                "at io.netjfr.it.apps.ThreadsApp.sendFromPlatformThread:"), report);
        // the JMC rule's join (Java thread ids only, as JMC has them) finds the same code
        assertTrue(report.contains("[INFO] Code that sent the requests: 4 of 4 requests from Java threads"), report);
        assertTrue(report.contains("io.netjfr.it.apps.ThreadsApp.send <- io.netjfr.it.apps.ThreadsApp."
                + "sendFromVirtualThread: 3 requests (vt-sender-1, vt-sender-2, vt-sender-3)"), report);
    }

    /** 500 threads, each one GET and gone; the safepoint log shows no thread dump at all (JFR's own is off). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.netjfr.it.Jvm#jdks")
    void churnOf500ThreadsIsNamedWithoutThreadDumps(Path jdk) throws Exception {
        Path safepoints = dir.resolve("safepoint.log");
        Path jfr = run(jdk, List.of("-Xlog:safepoint=info:file=" + safepoints), "churn", "500");
        List<RecordedEvent> churn = where(read(jfr, "netjfr.HttpRequest"),
                e -> e.getString("target").startsWith("/churn/"));
        assertEquals(500, churn.size());
        List<String> unnamed = new ArrayList<>();
        for (RecordedEvent e : churn) {
            String expected = "churn-" + e.getString("target").substring("/churn/".length());
            if (!expected.equals(javaThreadName(e))) {
                unnamed.add(e.getString("target") + " -> " + javaThreadName(e));
            }
        }
        assertTrue(unnamed.size() <= 5, "at least 99 % named; not: " + unnamed);
        List<String> dumps = new ArrayList<>();
        Matcher m = Pattern.compile("Safepoint \"(PrintThreads|FindDeadlocks|PrintJNI|ThreadDump)\"")
                .matcher(Files.readString(safepoints));
        while (m.find()) {
            dumps.add(m.group(1));
        }
        assertEquals(List.of(), dumps, "thread-dump safepoints");
    }

    /** The app's recording (JFR's own periodic thread dump off, so any dump in the log would be netjfr's). */
    private Path run(Path jdk, List<String> extraOptions, String... args) throws Exception {
        Path jfr = dir.resolve("threads.jfr");
        List<String> options = new ArrayList<>(extraOptions);
        options.add("-javaagent:" + Jvm.AGENT_JAR);
        options.add("-XX:StartFlightRecording:filename=" + jfr + ",settings=" + Jvm.TEMPLATE
                + ",+jdk.ThreadDump#enabled=false");
        try (Jvm app = Jvm.start(jdk, options, "io.netjfr.it.apps.ThreadsApp", args)) {
            assertEquals(0, app.waitFor(Duration.ofSeconds(120)), app.output());
            assertTrue(app.stdout().contains("app finished"), app.output());
            assertTrue(app.stderr().stream().noneMatch(l -> l.contains("WARNING") || l.contains("netjfr:")),
                    app.output());
        }
        return jfr;
    }

    private static String analyze(Path jfr) throws Exception {
        try (Jvm analyze = Commands.netjfr("analyze", jfr.toString())) {
            assertEquals(0, analyze.waitFor(Duration.ofSeconds(60)), analyze.output());
            return String.join("\n", analyze.stdout());
        }
    }

    private static RecordedEvent one(List<RecordedEvent> events, String target) {
        List<RecordedEvent> matching = where(events, e -> target.equals(e.getString("target")));
        assertEquals(1, matching.size(), target + " in\n" + describe(events));
        return matching.get(0);
    }
}
