package io.netjfr.it;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static io.netjfr.it.Events.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An agent with scope=system records other users' URLs. Another local user (uid 65534) must
 * not read them: not from the JVM's live JFR repository while it records, not from the
 * recording's file in a directory everyone may enter.
 */
@RequiresBpf
class PrivateRecordingIT {
    private static final List<String> AS_NOBODY = List.of("setpriv", "--reuid=65534", "--regid=65534",
            "--clear-groups", "--inh-caps=-all");

    @TempDir
    Path dir;

    @Test
    void otherUsersCannotReadTheRecording() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        String token = "s3cret-" + UUID.randomUUID();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        Path jfr = dir.resolve("system.jfr");
        // The JVM's own temporary directory: /tmp keeps the repositories of JVMs that were killed,
        // and one of them may carry the pid this JVM gets. Everyone may enter it, as /tmp, whatever
        // the umask: the refusal must come from the repository itself.
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        List<String> options = new ArrayList<>(Jvm.agentRecording("scope=system,verbose", jfr));
        options.add("-Djava.io.tmpdir=" + tmp);
        try (Jvm app = Jvm.start(Jvm.defaultJdk(), options, "io.netjfr.it.apps.IdleApp")) {
            app.await("netjfr: http: attached with", Duration.ofSeconds(30));
            Commands.Result curl = Commands.run("curl", "-s", "http://127.0.0.1:" + server.getAddress().getPort()
                    + "/login?password_token=" + token);
            assertEquals(0, curl.exit(), curl.output());
            Path repository = repository(tmp, app.pid());
            List<Path> chunks = awaitTokenOnDisk(repository, token);

            List<String> readAsNobody = new ArrayList<>(AS_NOBODY);
            readAsNobody.add("cat");
            chunks.forEach(c -> readAsNobody.add(c.toString()));
            Commands.Result live = Commands.run(readAsNobody);
            assertFalse(live.stdout().contains(token), "uid 65534 read the live repository");
            assertTrue(live.exit() != 0 && live.stderr().contains("Permission denied"), live.output());
            Commands.Result file = Commands.run(Stream.concat(AS_NOBODY.stream(), Stream.of("cat", jfr.toString()))
                    .toList());
            assertTrue(file.exit() != 0 && file.stderr().contains("Permission denied"), file.output());

            app.closeStdin();
            assertEquals(0, app.waitFor(Duration.ofSeconds(30)), app.output());
        } finally {
            server.stop(0);
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(jfr)));
        assertTrue(read(jfr, "netjfr.HttpRequest").stream()
                .anyMatch(e -> e.getString("target").equals("/login?password_token=" + token)), "recorded");
    }

    /** The JVM's JFR repository: java.io.tmpdir/<time>_<pid>. */
    private static Path repository(Path tmpdir, long pid) throws Exception {
        try (Stream<Path> tmp = Files.list(tmpdir)) {
            List<Path> found = tmp.filter(p -> p.getFileName().toString().endsWith("_" + pid)).toList();
            assertEquals(1, found.size(), found.toString());
            return found.get(0);
        }
    }

    /** The repository's chunks once the token is in one of them (JFR flushes about every second). */
    private static List<Path> awaitTokenOnDisk(Path repository, String token) throws Exception {
        byte[] needle = token.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 100; i++) {
            List<Path> chunks;
            try (Stream<Path> files = Files.list(repository)) {
                chunks = files.filter(f -> f.toString().endsWith(".jfr")).toList();
            }
            for (Path c : chunks) {
                if (indexOf(Files.readAllBytes(c), needle) >= 0) {
                    return chunks;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the token never reached the repository " + repository);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
