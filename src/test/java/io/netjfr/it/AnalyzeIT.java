package io.netjfr.it;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `analyze` on real recordings: a child JVM with the agent and the template sends HTTP
 * from named threads in known methods; the report names those methods, the ICMP sender
 * and the rules that apply. The HTML report is rendered by a real headless Chromium.
 */
@RequiresBpf
class AnalyzeIT {
    @TempDir
    static Path dir;
    private static Path recording;

    @BeforeAll
    static void record() throws Exception {
        recording = dir.resolve("orders.jfr");
        try (Jvm app = Jvm.start(Jvm.defaultJdk(), Jvm.agentRecording("", recording),
                "io.netjfr.it.apps.OrderClientApp")) {
            assertEquals(0, app.waitFor(Duration.ofSeconds(60)), app.output());
        }
    }

    @Test
    void reportNamesTheCodeBehindEachRequestAndTheRulesThatApply() throws Exception {
        Path html = dir.resolve("report.html");
        String out;
        try (Jvm analyze = Commands.netjfr("analyze", recording.toString(), "--html", html.toString())) {
            assertEquals(0, analyze.waitFor(Duration.ofSeconds(60)), analyze.output());
            out = String.join("\n", analyze.stdout());
        }
        String post = block(out, "[order-client]  POST http://127.0.0.1:");
        assertTrue(post.contains("at io.netjfr.it.apps.OrderClientApp.placeOrder:"), out);
        String health = block(out, "[health-checker]  GET http://127.0.0.1:");
        assertTrue(health.contains("at io.netjfr.it.apps.OrderClientApp.checkHealth:"), out);
        assertFalse(out.contains("$$Lambda"), "the threads' lambda proxies are left out\n" + out);
        assertTrue(out.contains("  health-checker"), "thread table\n" + out);
        assertTrue(out.matches("(?s).*ICMP senders\\n +1 packets  pid \\d+  to 127.0.0.1  .*OrderClientApp.*"), out);
        assertTrue(out.matches("(?s).*  http +tp_btf +\\d+ +\\d+ +0\\n.*"), "hook statistics\n" + out);
        assertTrue(out.contains("[INFO] ICMP sent by a JVM: 1 ICMP packet was sent by a JVM (health-checker)."), out);
        assertTrue(out.contains("[WARNING] Many short connections:"), out);
        assertTrue(out.contains("[OK] Plaintext HTTP leaving the host"), out);

        String page = Files.readString(html);
        assertTrue(page.contains("<svg") && page.contains("OrderClientApp.placeOrder"), "self-contained page");
        screenshot(html);
    }

    /** A stand-alone recording: no Java threads, but processes, ICMP senders and rules all the same. */
    @Test
    void standAloneRecordingFromRecord() throws Exception {
        Path jfr = dir.resolve("system.jfr");
        Process ping;
        try (Jvm record = Commands.netjfr("record", "--events", "icmp", "-o", jfr.toString())) {
            record.await("netjfr: recording icmp of every process", Duration.ofSeconds(30));
            ping = new ProcessBuilder("ping", "-c2", "-i0.2", "127.0.0.1").redirectErrorStream(true).start();
            ping.getInputStream().readAllBytes();
            assertEquals(0, ping.waitFor());
            Thread.sleep(200);
            record.terminate();
            record.waitFor(Duration.ofSeconds(30));
        }
        try (Jvm analyze = Commands.netjfr("analyze", jfr.toString())) {
            assertEquals(0, analyze.waitFor(Duration.ofSeconds(60)), analyze.output());
            String out = String.join("\n", analyze.stdout());
            assertTrue(out.contains("       2 packets  pid " + ping.pid() + "  to 127.0.0.1  ping -c2 -i0.2 127.0.0.1"),
                    out);
            assertTrue(out.contains("no packets from Java threads of the recording JVM"), out);
            assertTrue(out.matches("(?s).*  icmp +tp_btf +\\d+ +\\d+ +0\n.*"), "hook statistics\n" + out);
            assertTrue(out.contains("[OK] ICMP sent by a JVM: No JVM sent ICMP."), out);
        }
    }

    /**
     * The headline counts each netjfr event once (responses were counted twice), and a
     * recording of the newest test JDK (25: its thread type has a field JMC's parser does not
     * know) analyzes without parser warnings.
     */
    @Test
    void headlineCountsEachEventOnceWithoutParserWarnings() throws Exception {
        Path jdk = Jvm.jdks().max(java.util.Comparator.comparingInt(Jvm::feature)).orElseThrow();
        Path jfr = dir.resolve("newest-jdk.jfr");
        try (Jvm app = Jvm.start(jdk, Jvm.agentRecording("", jfr), "io.netjfr.it.apps.OrderClientApp")) {
            assertEquals(0, app.waitFor(Duration.ofSeconds(60)), app.output());
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(jfr);
        long netjfr = events.stream().filter(e -> e.getEventType().getName().startsWith("netjfr.")).count();
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("netjfr.HttpResponse")),
                "responses in the recording");
        try (Jvm analyze = Commands.netjfr("analyze", jfr.toString())) {
            assertEquals(0, analyze.waitFor(Duration.ofSeconds(60)), analyze.output());
            assertTrue(analyze.stdout().get(1).startsWith(netjfr + " netjfr events over "), analyze.output());
            assertEquals(List.of(), analyze.stderr(), analyze.output());
        }
    }

    @Test
    void recordingWithoutNetjfrEventsIsReportedAsSuch() throws Exception {
        Path plain = dir.resolve("plain.jfr");
        try (Jvm app = Jvm.start(Jvm.defaultJdk(), List.of("-XX:StartFlightRecording:filename=" + plain),
                "io.netjfr.it.apps.OrderClientApp")) {
            assertEquals(0, app.waitFor(Duration.ofSeconds(60)), app.output());
        }
        try (Jvm analyze = Commands.netjfr("analyze", plain.toString())) {
            assertEquals(0, analyze.waitFor(Duration.ofSeconds(60)), analyze.output());
            assertTrue(analyze.stdout().stream().anyMatch(l -> l.startsWith("No netjfr events in this recording.")),
                    analyze.output());
        }
    }

    @Test
    void aFileThatIsNotARecordingIsOneLineAndExitOne() throws Exception {
        Path junk = dir.resolve("junk.jfr");
        Files.writeString(junk, "not a recording");
        try (Jvm analyze = Commands.netjfr("analyze", junk.toString())) {
            assertEquals(1, analyze.waitFor(Duration.ofSeconds(60)), analyze.output());
            assertEquals(1, analyze.stderr().size(), analyze.output());
            assertTrue(analyze.stderr().get(0).startsWith("netjfr: " + junk + " is not a readable JFR recording"),
                    analyze.output());
        }
    }

    /** The request line and the stack lines after it. */
    static String block(String out, String start) {
        int at = out.indexOf(start);
        assertTrue(at >= 0, "'" + start + "' in\n" + out);
        int end = out.indexOf("\n  20", at + 1);
        return out.substring(at, end < 0 ? out.length() : end);
    }

    /** Renders the page in headless Chromium (as a person would open it) and checks the picture is not blank. */
    private static void screenshot(Path html) throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        if (!Files.isExecutable(chromium)) {
            assertTrue(!Jvm.Ci.required(), "CI=true: chromium missing (scripts/setup.sh installs it)");
            return;
        }
        Path png = dir.resolve("report.png");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + dir.resolve("chromium-profile"), "--window-size=1100,900",
                "--screenshot=" + png, html.toUri().toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium");
        assertTrue(Files.size(png) > 20_000, "a rendered page, not a blank one: " + Files.size(png) + " bytes");
        Path keep = Path.of("target/analyze-report.png");
        Files.copy(png, keep, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
