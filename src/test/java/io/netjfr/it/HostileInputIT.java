package io.netjfr.it;

import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Input that probes the edges: an agent option of 100 000 characters, values that are
 * almost right, a text file as BTF, terminal control bytes in a packet, an HTML report
 * into a missing directory. Each is one short, clear line; nothing reaches a terminal raw.
 */
@RequiresBpf
class HostileInputIT {
    private static final String APP = "io.netjfr.it.apps.NetworkApp";

    @TempDir
    Path dir;

    static Stream<Arguments> badOptions() {
        return Stream.of(
                Arguments.of("verbose=maybe", List.of("invalid verbose 'maybe'", "true or false")),
                Arguments.of("payload=\u0661\u0662", List.of("invalid payload", "0 to 4096")),
                Arguments.of("scope=" + "x".repeat(100_000), List.of("invalid scope 'xxx", "(100000 characters)")),
                Arguments.of("y".repeat(100_000) + "=1", List.of("unknown agent option 'yyy", "(100000 characters)")),
                Arguments.of("btf=/etc/passwd", List.of("/etc/passwd is not a BTF file")));
    }

    /** The app runs, and one line of at most a few hundred characters says what is wrong. */
    @ParameterizedTest(name = "{index}")
    @MethodSource("badOptions")
    void badAgentOptionIsOneShortLine(String options, List<String> words) throws Exception {
        Path jfr = dir.resolve("x.jfr");
        try (Jvm app = Jvm.start(Jvm.defaultJdk(), Jvm.agentRecording(options, jfr), APP)) {
            FailureIT.assertDisabledCleanly(app, jfr, words);
            String line = app.stderr().stream().filter(l -> l.startsWith("netjfr:")).findFirst().orElseThrow();
            assertTrue(line.length() < 300, line.length() + " characters");
        }
    }

    @Test
    void btfThatIsNotBtfForRecord() throws Exception {
        Commands.Result r = Commands.netjfrRun("record", "--btf", "/etc/passwd", "-o", dir.resolve("x.jfr").toString());
        assertEquals(1, r.exit(), r.output());
        assertEquals(List.of("netjfr: /etc/passwd is not a BTF file (expected raw BTF, as in /sys/kernel/btf/vmlinux, "
                + "or an ELF file with a .BTF section)"), r.stderr().lines().toList(), r.output());
    }

    /** A response whose reason has U+009B (CSI, like ESC [) reaches watch's terminal as '?', as C0 bytes do. */
    @Test
    void watchEscapesC1ControlCharacters() throws Exception {
        String python = String.join("\n",
                "import socket, sys",
                "srv = socket.socket(); srv.bind(('127.0.0.1', 0)); srv.listen(1)",
                "print('port', srv.getsockname()[1], flush=True)",
                "sys.stdin.readline()",
                "cli = socket.create_connection(srv.getsockname())",
                "conn, _ = srv.accept()",
                "cli.sendall(b'GET /a HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n')",
                "conn.recv(1000)",
                "conn.sendall(b'HTTP/1.1 200 O\\x9b31mK\\r\\nContent-Length: 0\\r\\n\\r\\n')",
                "cli.recv(1000)",
                "print('done', flush=True)");
        try (Jvm exchange = new Jvm(List.of("python3", "-c", python))) {
            String port = exchange.await("port ", Duration.ofSeconds(20)).substring(5).strip();
            try (Jvm watch = Commands.netjfr("watch", "--events", "http", "--port", port)) {
                watch.await("netjfr: watching http", Duration.ofSeconds(30));
                exchange.send("go");
                exchange.await("done", Duration.ofSeconds(20));
                String line = watch.await("(read by client", Duration.ofSeconds(10));
                assertTrue(line.contains("HTTP/1.1 200 O?31mK 127.0.0.1:" + port), line);
                watch.terminate();
                watch.waitFor(Duration.ofSeconds(30));
                assertFalse(String.join("", watch.stdout()).chars().anyMatch(Character::isISOControl),
                        watch.output());
            }
        }
    }

    @Test
    void htmlReportIntoAMissingDirectorySaysWhy() throws Exception {
        Path jfr = dir.resolve("plain.jfr");
        try (Recording recording = new Recording()) {
            recording.start();
            recording.stop();
            recording.dump(jfr);
        }
        Path html = dir.resolve("missing/x.html");
        Commands.Result r = Commands.netjfrRun("analyze", jfr.toString(), "--html", html.toString());
        assertEquals(1, r.exit(), r.output());
        assertEquals(List.of("netjfr: failed to write " + html + ": No such file or directory"),
                r.stderr().lines().toList(), r.output());
    }
}
