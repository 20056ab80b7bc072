package io.netjfr.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.netjfr.it.Events.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What netjfr tells a user without root, and that the advice works: uid 65534 without
 * capabilities is told about ambient capabilities (never setcap on java, which breaks it),
 * and the same user with exactly those ambient capabilities records a real ping.
 */
@RequiresBpf
class PrivilegeAdviceIT {
    private static final List<String> AS_NOBODY = List.of("setpriv", "--reuid=65534", "--regid=65534",
            "--clear-groups");

    @TempDir
    Path dir;

    /** The jar where uid 65534 can read it, and a directory it may write to. */
    private Path jarForNobody() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path jar = Files.copy(Jvm.AGENT_JAR, dir.resolve("netjfr.jar"));
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        return jar;
    }

    private static List<String> asNobody(List<String> caps, Path jar, String... args) {
        List<String> cmd = new ArrayList<>(AS_NOBODY);
        cmd.addAll(caps);
        cmd.addAll(List.of(Jvm.defaultJdk().resolve("bin/java").toString(), "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void withoutCapabilitiesTheAdviceIsAmbientCapabilities() throws Exception {
        Path jar = jarForNobody();
        Commands.Result doctor = Commands.run(asNobody(List.of("--inh-caps=-all"), jar, "doctor"));
        assertEquals(1, doctor.exit(), doctor.output());
        String line = Files2.line(doctor.stdout(), "privileges  FAIL: ");
        assertTrue(line.contains("--ambient-caps=+bpf,+perfmon") && line.contains("AmbientCapabilities=CAP_BPF CAP_PERFMON")
                && line.contains("node daemon (see README 'Running without root')"), line);
        assertFalse(line.contains("setcap cap_"), line);
        Commands.Result record = Commands.run(asNobody(List.of("--inh-caps=-all"), jar, "record", "-d", "1s",
                "-o", dir.resolve("x.jfr").toString()));
        assertEquals(1, record.exit(), record.output());
        assertTrue(record.stderr().contains("setpriv --inh-caps=+bpf,+perfmon --ambient-caps=+bpf,+perfmon java"),
                record.output());
    }

    @Test
    void ambientCapabilitiesAreEnough() throws Exception {
        Path jar = jarForNobody();
        Path jfr = dir.resolve("nobody.jfr");
        List<String> caps = List.of("--inh-caps=+bpf,+perfmon", "--ambient-caps=+bpf,+perfmon");
        Commands.Result ping;
        try (Jvm record = new Jvm(asNobody(caps, jar, "record", "--events", "icmp", "-o", jfr.toString()))) {
            record.await("netjfr: recording icmp", Duration.ofSeconds(30));
            ping = Commands.run("ping", "-c1", "127.0.0.1");
            assertEquals(0, ping.exit(), ping.output());
            Thread.sleep(300);
            record.terminate();
            assertEquals(143, record.waitFor(Duration.ofSeconds(30)), record.output());
        }
        assertTrue(read(jfr, "netjfr.IcmpPacket").stream().anyMatch(e -> e.getInt("pid") == ping.pid()),
                "the ping recorded by uid 65534");
    }
}
