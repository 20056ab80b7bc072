package io.netjfr.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@code java -jar netjfr.jar ...} and the short-lived commands the tests send traffic with. */
final class Commands {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Commands() {
    }

    /** A finished command: its pid, exit status and output. */
    record Result(long pid, int exit, String stdout, String stderr) {
        String output() {
            return "--- exit " + exit + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    static List<String> netjfrCommand(Path jdk, String... args) {
        List<String> cmd = new ArrayList<>(List.of(jdk.resolve("bin/java").toString(), "-jar", Jvm.AGENT_JAR.toString()));
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    /** {@code netjfr args} running on the default test JDK, output collected as it comes. */
    static Jvm netjfr(String... args) throws IOException {
        return new Jvm(netjfrCommand(Jvm.defaultJdk(), args));
    }

    /** {@code netjfr args} to its end. */
    static Result netjfrRun(String... args) throws Exception {
        return run(netjfrCommand(Jvm.defaultJdk(), args));
    }

    static Result run(String... command) throws Exception {
        return run(Arrays.asList(command));
    }

    static Result run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        CompletableFuture<String> out = read(p.getInputStream());
        CompletableFuture<String> err = read(p.getErrorStream());
        if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + TIMEOUT);
        }
        return new Result(p.pid(), p.exitValue(), out.get(), err.get());
    }

    private static CompletableFuture<String> read(java.io.InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }

    /** Whether the process ignores SIGINT (as children of a shell's background job without job control do). */
    static boolean ignoresSigint(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }
}
