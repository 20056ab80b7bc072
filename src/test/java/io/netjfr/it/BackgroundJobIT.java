package io.netjfr.it;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.netjfr.it.Events.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code netjfr record ... &} in a script, then {@code kill -INT}: the shell starts the job
 * with SIGINT ignored, and netjfr must still stop on it, as tcpdump does, with its output
 * complete.
 */
@RequiresBpf
class BackgroundJobIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"record", "watch"})
    void sigintStopsABackgroundJobOfAScript(String command) throws Exception {
        Path jfr = dir.resolve("bg.jfr");
        List<String> netjfr = new ArrayList<>(Commands.netjfrCommand(Jvm.defaultJdk(), command, "--events", "icmp"));
        if (command.equals("record")) {
            netjfr.addAll(List.of("-o", jfr.toString()));
        }
        // a sleep started the same way shows the premise: the shell gives its background jobs SIGINT ignored
        String script = "sleep 60 & s=$!; echo \"sleeper $s\"; " + String.join(" ", netjfr) + " & echo \"job $!\"; "
                + "wait $!; echo \"exit $?\"; kill $s";
        Optional<ProcessHandle> job = Optional.empty();
        try (Jvm shell = new Jvm(List.of("bash", "-c", script))) {
            long sleeper = Long.parseLong(shell.await("sleeper ", Duration.ofSeconds(10)).substring(8));
            awaitExec(sleeper, "sleep"); // bash prints $! before its child has set the job's dispositions
            assertTrue(Commands.ignoresSigint(sleeper), "bash starts background jobs with SIGINT ignored");
            long pid = Long.parseLong(shell.await("job ", Duration.ofSeconds(10)).substring(4));
            job = ProcessHandle.of(pid);
            shell.await("netjfr: " + (command.equals("record") ? "recording" : "watching"), Duration.ofSeconds(30));
            Commands.Result ping = Commands.run("ping", "-c1", "127.0.0.1");
            assertEquals(0, ping.exit(), ping.output());
            Thread.sleep(500);
            Commands.Result kill = Commands.run("kill", "-INT", Long.toString(pid));
            assertEquals(0, kill.exit(), kill.output());
            shell.await("exit ", Duration.ofSeconds(30));
            assertEquals(0, shell.waitFor(Duration.ofSeconds(30)), shell.output());
            assertTrue(shell.stdout().contains("exit 130"), shell.output());
            assertTrue(shell.stderr().stream().anyMatch(l -> l.startsWith("netjfr: lost ")), shell.output());
            String pingPid = Long.toString(ping.pid());
            if (command.equals("record")) {
                assertTrue(read(jfr, "netjfr.IcmpPacket").stream().anyMatch(e -> e.getInt("pid") == ping.pid()),
                        "the ping is in the file");
            } else {
                assertTrue(shell.stdout().stream().anyMatch(l -> l.contains(" " + pingPid + " ")), shell.output());
            }
        } finally {
            job.ifPresent(ProcessHandle::destroyForcibly); // not left running when it did not stop
        }
    }

    /** Waits (10 s at most) until process pid runs program comm: its signal dispositions are then those it keeps. */
    private static void awaitExec(long pid, String comm) throws Exception {
        Path file = Path.of("/proc/" + pid + "/comm");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.readString(file).strip().equals(comm) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
