package io.netjfr.it;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code java -jar netjfr.jar ...}: doctor on this machine, bad usage, help. */
@RequiresBpf
class DoctorIT {
    @Test
    void doctorFindsAWorkingModeForEveryHook() throws Exception {
        try (Jvm doctor = Commands.netjfr("doctor")) {
            assertEquals(0, doctor.waitFor(Duration.ofSeconds(60)), doctor.output());
            List<String> out = doctor.stdout();
            assertTrue(out.stream().anyMatch(l -> l.startsWith("kernel ")), doctor.output());
            assertTrue(out.stream().anyMatch(l -> l.startsWith("libbpf      v1.")), doctor.output());
            for (String hook : List.of("process", "icmp", "http")) {
                // exactly one mode used per hook; tp_btf on the development kernel, better ones elsewhere
                assertEquals(1, out.stream().filter(l -> l.matches(hook + " +\\w+ +works  <- used")).count(),
                        hook + "\n" + doctor.output());
                assertTrue(out.stream().anyMatch(l -> l.matches(hook + " +tp_btf +works.*")), doctor.output());
            }
            assertNoStackTrace(doctor);
        }
    }

    @Test
    void doctorFailsWithoutLibbpf() throws Exception {
        try (Jvm doctor = Commands.netjfr("doctor", "--libbpf", "/nonexistent.so")) {
            assertEquals(1, doctor.waitFor(Duration.ofSeconds(60)), doctor.output());
            assertTrue(doctor.stdout().stream().anyMatch(l -> l.startsWith("libbpf      FAIL: cannot load "
                    + "/nonexistent.so")), doctor.output());
            assertNoStackTrace(doctor);
        }
    }

    @Test
    void unknownCommandIsAUsageError() throws Exception {
        try (Jvm cli = Commands.netjfr("nonsense")) {
            assertEquals(2, cli.waitFor(Duration.ofSeconds(60)), cli.output());
            assertEquals(List.of("netjfr: Unmatched argument at index 0: 'nonsense' (see: java -jar netjfr.jar --help)"),
                    cli.stderr(), cli.output());
            assertNoStackTrace(cli);
        }
    }

    @Test
    void helpListsDoctor() throws Exception {
        try (Jvm cli = Commands.netjfr("--help")) {
            assertEquals(0, cli.waitFor(Duration.ofSeconds(60)), cli.output());
            assertTrue(cli.stdout().stream().anyMatch(l -> l.startsWith("Usage: java -jar netjfr.jar")), cli.output());
            assertTrue(cli.stdout().stream().anyMatch(l -> l.strip().startsWith("doctor ")), cli.output());
        }
    }

    private static void assertNoStackTrace(Jvm jvm) {
        for (String l : jvm.stderr()) {
            assertTrue(!l.contains("Exception") && !l.strip().startsWith("at "), "stack trace:\n" + jvm.output());
        }
    }
}
