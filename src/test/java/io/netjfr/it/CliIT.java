package io.netjfr.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Help, bad options and bad values: one clear line on stderr and a non-zero exit (2 for
 * bad usage, 1 for what fails at run time), no stack trace unless --verbose. None of these
 * needs to load BPF.
 */
class CliIT {
    @TempDir
    Path dir;

    /** Exit status, and the whole of stderr is one "netjfr: ..." line containing {@code text}. */
    private static Commands.Result fails(int exit, String text, String... args) throws Exception {
        Commands.Result r = Commands.netjfrRun(args);
        assertEquals(exit, r.exit(), r.output());
        List<String> lines = r.stderr().lines().toList();
        assertEquals(1, lines.size(), "one line\n" + r.output());
        assertTrue(lines.get(0).startsWith("netjfr: ") && lines.get(0).contains(text), r.output());
        assertEquals("", r.stdout(), r.output());
        return r;
    }

    @Test
    void usageErrorsExit2() throws Exception {
        fails(2, "'abc' is not a duration", "record", "--duration", "abc");
        fails(2, "Unknown option: '--frob'", "record", "--frob");
        fails(2, "unknown event kind 'smtp'", "watch", "--events", "smtp");
        fails(2, "--port does not apply to icmp events", "watch", "--events", "icmp", "--port", "80");
        fails(2, "invalid port 0", "watch", "--port", "0");
        fails(2, "invalid pid -3", "record", "--pid", "-3");
        fails(2, "unknown attach mode 'bogus'", "watch", "--attach", "bogus");
        fails(2, "missing command", new String[0]);
        fails(2, "'abc'", "attach", "abc");
        fails(2, "Missing required parameter: 'PID'", "attach");
        fails(2, "unknown agent option 'frob'", "attach", Long.toString(ProcessHandle.current().pid()), "frob=1");
    }

    @Test
    void runTimeFailuresExit1() throws Exception {
        fails(1, "failed to create " + dir.resolve("missing/net.jfr") + ": No such file or directory",
                "record", "-o", dir.resolve("missing/net.jfr").toString());
        fails(1, "failed to create " + dir + ": Is a directory", "record", "-o", dir.toString());
        fails(1, "no process with pid 2147483647", "attach", "2147483647");
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            fails(1, "process " + sleep.pid() + " (sleep 60) is not a Java virtual machine",
                    "attach", Long.toString(sleep.pid()));
            assertTrue(sleep.isAlive(), "attach must not signal a process that is not a JVM");
        } finally {
            sleep.destroyForcibly();
        }
    }

    @Test
    void verboseShowsTheStackTrace() throws Exception {
        Commands.Result r = Commands.netjfrRun("record", "--verbose", "-o", dir.resolve("missing/x.jfr").toString());
        assertEquals(1, r.exit(), r.output());
        assertTrue(r.stderr().startsWith("netjfr: failed to create "), r.output());
        assertTrue(r.stderr().contains("\tat io.netjfr."), r.output());
    }

    @Test
    void help() throws Exception {
        Commands.Result r = Commands.netjfrRun("--help");
        assertEquals(0, r.exit(), r.output());
        for (String command : List.of("record", "watch", "attach", "doctor")) {
            assertTrue(r.stdout().contains("\n  " + command + " "), command + " in\n" + r.output());
        }
        for (String command : List.of("record", "watch", "attach")) {
            Commands.Result h = Commands.netjfrRun(command, "--help");
            assertEquals(0, h.exit(), h.output());
            assertTrue(h.stdout().startsWith("Usage: java -jar netjfr.jar " + command), h.output());
            assertTrue(h.stdout().contains("Exit status:"), h.output());
        }
    }
}
