package io.netjfr.it;

import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.netjfr.it.Events.describe;
import static io.netjfr.it.Events.read;
import static io.netjfr.it.Events.where;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each attach mode that this kernel allows, forced with attach=MODE, delivers the same
 * events; a hook without that mode keeps its best one. (fentry and kprobe cannot attach
 * on the development kernel: the qemu kernel matrix proves those.) Without attach=MODE each
 * object is loaded in one mode only, the best one a cheap probe does not rule out.
 */
@RequiresBpf
class AttachModeIT {
    private static final Path TRACEFS = Path.of("/sys/kernel/tracing");
    private static boolean mountedTracefs;

    @TempDir
    Path dir;

    @BeforeAll
    static void mountTracefs() throws Exception {
        if (!Files.isDirectory(TRACEFS.resolve("events"))) {
            // classic tracepoints need tracefs; not mounted by default here
            Process p = new ProcessBuilder("mount", "-t", "tracefs", "nodev", TRACEFS.toString()).inheritIO().start();
            assertEquals(0, p.waitFor());
            mountedTracefs = true;
        }
    }

    @AfterAll
    static void unmountTracefs() throws Exception {
        if (mountedTracefs) {
            new ProcessBuilder("umount", TRACEFS.toString()).inheritIO().start().waitFor();
        }
    }

    @ParameterizedTest(name = "attach={0}")
    @CsvSource({
        "tp_btf,     tp_btf,     tp_btf,  tp_btf",
        "raw_tp,     raw_tp,     raw_tp,  raw_tp",
        "tracepoint, tracepoint, tracepoint, tp_btf",
    })
    void forcedModeDeliversEvents(String mode, String processMode, String icmpMode, String httpMode) throws Exception {
        // http, tls and recv have the same modes: none has a classic tracepoint
        Path jfr = dir.resolve(mode + ".jfr");
        try (Jvm app = Jvm.start(Jvm.defaultJdk(), Jvm.agentRecording("attach=" + mode, jfr),
                "io.netjfr.it.apps.NetworkApp")) {
            assertEquals(0, app.waitFor(Duration.ofSeconds(60)), app.output());
            assertTrue(app.stderr().stream().noneMatch(l -> l.contains("netjfr:")), app.output());
        }
        Map<String, String> modes = read(jfr, "netjfr.Statistics").stream()
                .collect(Collectors.toMap(e -> e.getString("hook"), e -> e.getString("attachMode"), (a, b) -> b));
        assertEquals(Map.of("process", processMode, "icmp", icmpMode, "http", httpMode, "tls", httpMode,
                "recv", httpMode), modes);

        List<RecordedEvent> icmp = read(jfr, "netjfr.IcmpPacket");
        assertEquals(1, where(icmp, e -> e.getInt("icmpType") == 8).size(), describe(icmp));
        List<RecordedEvent> http = read(jfr, "netjfr.HttpRequest");
        assertEquals(5, http.size(), describe(http));
        List<RecordedEvent> responses = read(jfr, "netjfr.HttpResponse");
        assertEquals(10, responses.size(), "5 read by the clients, 5 written by the server\n" + describe(responses));
    }

    /** A failed mode in a verbose "attached with" line that was loaded: not one the probe ruled out. */
    private static final Pattern LOADED_AND_FAILED = Pattern.compile("[{ ](fentry|kprobe|tp_btf|raw_tp|tracepoint)=(?!not tried: )");

    /**
     * Auto mode: the modes the probe rules out (here fentry, refused, and kprobe, absent) are
     * reported as not tried, and no mode was loaded only to fail; where fentry works (the
     * kernel matrix) each hook says just "attached with fentry". Events arrive either way.
     */
    @Test
    void autoModeLoadsOneModePerObject() throws Exception {
        Path jfr = dir.resolve("auto.jfr");
        List<String> attached;
        try (Jvm app = Jvm.start(Jvm.defaultJdk(), Jvm.agentRecording("verbose", jfr), "io.netjfr.it.apps.NetworkApp")) {
            assertEquals(0, app.waitFor(Duration.ofSeconds(60)), app.output());
            attached = app.stderr().stream().filter(l -> l.matches("netjfr: [a-z]+: attached with .*")).toList();
            assertEquals(5, attached.size(), app.output());
        }
        for (String line : attached) {
            assertFalse(LOADED_AND_FAILED.matcher(line).find(), line);
        }
        Map<String, String> modes = read(jfr, "netjfr.Statistics").stream()
                .collect(Collectors.toMap(e -> e.getString("hook"), e -> e.getString("attachMode"), (a, b) -> b));
        assertEquals(5, modes.size(), modes.toString());
        List<RecordedEvent> icmp = read(jfr, "netjfr.IcmpPacket");
        assertEquals(1, where(icmp, e -> e.getInt("icmpType") == 8).size(), describe(icmp));
        assertEquals(5, read(jfr, "netjfr.HttpRequest").size());
    }

    /**
     * Without kprobes (CONFIG_KPROBES off, as on the development kernel) attach=kprobe cannot
     * work: the probe rules it out, and the forced mode is still tried for real (the probe
     * may be wrong), so the reason is the kernel's. Tried once: the load premain began for the
     * startup recording is that recording's, and its failure is not loaded again.
     */
    @Test
    void forcingKprobeWorksOrDisablesTheAgentWithOneLine() throws Exception {
        if (Files.exists(TRACEFS.resolve("kprobe_events"))) {
            forcedModeDeliversEvents("kprobe", "tp_btf", "kprobe", "kprobe");
            return;
        }
        Path jfr = dir.resolve("kprobe.jfr");
        try (Jvm app = Jvm.start(Jvm.defaultJdk(), Jvm.agentRecording("attach=kprobe,verbose", jfr),
                "io.netjfr.it.apps.NetworkApp")) {
            assertEquals(0, app.waitFor(Duration.ofSeconds(60)), app.output());
            assertTrue(app.stdout().contains("app finished"), app.output());
            List<String> netjfr = app.stderr().stream().filter(l -> l.startsWith("netjfr:")
                    && !l.startsWith("netjfr: libbpf: ") && !l.startsWith("netjfr: loading ")).toList();
            assertEquals(1, netjfr.size(), app.output());
            assertEquals(1, app.stderr().stream().filter(l -> l.startsWith(
                    "netjfr: libbpf: prog 'icmp_kprobe_v4': failed to create kprobe")).count(), "attach attempts");
            assertTrue(netjfr.get(0).startsWith("netjfr: disabled: no hook could be attached: icmp kprobe: attach failed"),
                    netjfr.get(0));
            assertTrue(netjfr.get(0).contains("no kprobes"), netjfr.get(0));
        }
        assertTrue(read(jfr, "netjfr.HttpRequest").isEmpty());
    }
}
