package io.netjfr.it;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static io.netjfr.it.Events.describe;
import static io.netjfr.it.Events.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever stops the agent — a bad option, no libbpf, no BTF, no privileges — the
 * application starts and runs normally, and stderr has one "netjfr: disabled:" line that
 * says what is wrong; no stack trace. And a recording that does not enable netjfr events
 * attaches nothing.
 */
@RequiresBpf
class FailureIT {
    private static final String APP = "io.netjfr.it.apps.NetworkApp";
    private static final List<String> AS_NOBODY = List.of("setpriv", "--reuid=65534", "--regid=65534",
            "--clear-groups", "--inh-caps=-all", "--bounding-set=-all");

    @TempDir
    Path dir;

    static Stream<Arguments> badSetups() {
        return Stream.of(
                Arguments.of("bogus=1", List.of("unknown agent option", "'bogus'")),
                Arguments.of("scope=everything", List.of("invalid scope", "'everything'", "jvm or system")),
                Arguments.of("libbpf=/nonexistent/libbpf.so.1",
                        List.of("cannot load /nonexistent/libbpf.so.1", "install", "No such file")),
                Arguments.of("btf=/nonexistent/vmlinux", List.of("cannot read BTF file", "/nonexistent/vmlinux")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSetups")
    void appRunsAndOneLineSaysWhy(String options, List<String> words) throws Exception {
        Path jfr = dir.resolve("x.jfr");
        try (Jvm app = Jvm.start(Jvm.defaultJdk(), Jvm.agentRecording(options, jfr), APP)) {
            assertDisabledCleanly(app, jfr, words);
        }
    }

    @Test
    void withoutRootOrCapabilities() throws Exception {
        Assumptions.assumeTrue(Jvm.Ci.required() || Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "needs setpriv (util-linux)");
        // nobody must read the jar, the template and the app, and write the recording,
        // wherever the build lives (/root is not traversable): all copied to a 0777 directory
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path jar = readable(Files.copy(Jvm.AGENT_JAR, dir.resolve("netjfr.jar")));
        Path template = readable(Files.copy(Jvm.TEMPLATE, dir.resolve("netjfr.jfc")));
        Path classes = dir.resolve("classes");
        Path apps = Path.of("io/netjfr/it/apps");
        Files.createDirectories(classes.resolve(apps));
        for (Path d = apps; d != null; d = d.getParent()) {
            Files.setPosixFilePermissions(classes.resolve(d), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.setPosixFilePermissions(classes, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Stream<Path> files = Files.list(Jvm.TEST_CLASSES.resolve(apps))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                readable(Files.copy(f, classes.resolve(apps).resolve(f.getFileName())));
            }
        }
        Path jfr = dir.resolve("x.jfr");
        try (Jvm app = Jvm.start(AS_NOBODY, Jvm.defaultJdk(), List.of("-javaagent:" + jar,
                "-XX:StartFlightRecording:filename=" + jfr + ",settings=" + template), classes.toString(), APP)) {
            assertDisabledCleanly(app, jfr, List.of("CAP_BPF", "root"));
        }
    }

    /** The JDK's default settings do not enable netjfr events: no BPF program or map in the process. */
    @Test
    void recordingWithoutNetjfrEventsAttachesNothing() throws Exception {
        assertEquals(List.of(), bpfFdsWhileIdle(List.of()));
    }

    /** The control for the test above: with the template the same check sees the programs. */
    @Test
    void recordingWithNetjfrEventsAttaches() throws Exception {
        List<String> fds = bpfFdsWhileIdle(List.of("settings=" + Jvm.TEMPLATE));
        assertTrue(fds.contains("anon_inode:bpf-prog") && fds.contains("anon_inode:bpf-map"), fds.toString());
    }

    private List<String> bpfFdsWhileIdle(List<String> settings) throws Exception {
        String recording = String.join(",", Stream.concat(Stream.of("filename=" + dir.resolve("idle.jfr")),
                settings.stream()).toList());
        try (Jvm app = Jvm.start(Jvm.defaultJdk(), List.of("-javaagent:" + Jvm.AGENT_JAR,
                "-XX:StartFlightRecording:" + recording), "io.netjfr.it.apps.IdleApp")) {
            app.await("idle app started", Duration.ofSeconds(30));
            Thread.sleep(1000);
            List<String> bpf = app.bpfFds();
            app.closeStdin();
            assertEquals(0, app.waitFor(Duration.ofSeconds(30)), app.output());
            assertTrue(app.stdout().contains("app finished"), app.output());
            assertTrue(app.stderr().stream().noneMatch(l -> l.contains("netjfr")), app.output());
            return bpf;
        }
    }

    private static Path readable(Path file) throws IOException {
        return Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    static void assertDisabledCleanly(Jvm app, Path jfr, List<String> words) throws Exception {
        assertEquals(0, app.waitFor(Duration.ofSeconds(60)), app.output());
        String output = app.output();
        assertTrue(app.stdout().contains("app finished"), output);
        List<String> disabled = app.stderr().stream().filter(l -> l.startsWith("netjfr: disabled:")).toList();
        assertEquals(1, disabled.size(), output);
        for (String word : words) {
            assertTrue(disabled.get(0).contains(word), "'" + word + "' in " + disabled.get(0));
        }
        for (String l : app.stderr()) {
            assertFalse(l.contains("Exception") || l.contains("at io.netjfr") || l.strip().startsWith("at ")
                    || l.startsWith("Caused by"), "stack trace on stderr:\n" + output);
        }
        assertTrue(Files.size(jfr) > 0, "recording written");
        assertEquals("", describe(read(jfr, "netjfr.IcmpPacket")));
        assertEquals("", describe(read(jfr, "netjfr.HttpRequest")));
    }
}
