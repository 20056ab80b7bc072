package io.netjfr.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A child JVM started for a test, with its output collected line by line. */
final class Jvm implements AutoCloseable {
    static final Path AGENT_JAR = Path.of(System.getProperty("netjfr.jar", "target/netjfr.jar")).toAbsolutePath();
    static final Path TEMPLATE = Path.of(System.getProperty("netjfr.template", "jfr-templates/netjfr-profile.jfc"))
            .toAbsolutePath();
    static final Path TEST_CLASSES = Path.of("target/test-classes").toAbsolutePath();

    /** The JDKs the tests run child JVMs on: JDK 17 and Temurin 25 (netjfr.test.jdks). */
    static Stream<Path> jdks() {
        List<Path> homes = new ArrayList<>();
        for (String home : System.getProperty("netjfr.test.jdks", System.getProperty("java.home")).split(",")) {
            Path p = Path.of(home.strip());
            if (Files.isExecutable(p.resolve("bin/java"))) {
                homes.add(p);
            } else if (Ci.required()) {
                throw new IllegalStateException("test JDK missing: " + p);
            }
        }
        return homes.stream();
    }

    static Path defaultJdk() {
        return jdks().findFirst().orElseThrow();
    }

    /** Java options every child gets; on JDK 22+ the README's flag for JNA's native library. */
    static List<String> baseOptions(Path jdk) {
        List<String> opts = new ArrayList<>();
        if (feature(jdk) >= 22) {
            opts.add("--enable-native-access=ALL-UNNAMED");
        }
        return opts;
    }

    /** The JDK's feature release, from its release file (JAVA_VERSION="25.0.1"). */
    static int feature(Path jdk) {
        try {
            for (String line : Files.readAllLines(jdk.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring(line.indexOf('"') + 1);
                    return Integer.parseInt(v.split("[.\"]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        throw new IllegalStateException("cannot tell the version of the JDK at " + jdk);
    }

    private final Process process;
    private final List<String> stdout = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();
    private final Writer stdin;
    private final List<Thread> collectors = new ArrayList<>();

    Jvm(List<String> command) throws IOException {
        process = new ProcessBuilder(command).start();
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        collect(process.getInputStream(), stdout, "out");
        collect(process.getErrorStream(), stderr, "err");
    }

    /**
     * JVM options that load the agent, with {@code agentOptions} ("" for none), and record
     * to {@code jfr} with the netjfr template from the start.
     */
    static List<String> agentRecording(String agentOptions, Path jfr) {
        return List.of("-javaagent:" + AGENT_JAR + (agentOptions.isEmpty() ? "" : "=" + agentOptions),
                "-XX:StartFlightRecording:filename=" + jfr + ",settings=" + TEMPLATE);
    }

    static Jvm start(Path jdk, List<String> jvmOptions, String mainClass, String... args) throws IOException {
        return start(List.of(), jdk, jvmOptions, TEST_CLASSES.toString(), mainClass, args);
    }

    /** {@code prefix} runs the java command (e.g. setpriv ...); {@code classPath} replaces the test classes. */
    static Jvm start(List<String> prefix, Path jdk, List<String> jvmOptions, String classPath, String mainClass,
            String... args) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(jdk.resolve("bin/java").toString());
        cmd.addAll(baseOptions(jdk));
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.addAll(Arrays.asList(args));
        return new Jvm(cmd);
    }

    private void collect(java.io.InputStream in, List<String> lines, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // process gone
            }
        }, "child-" + name);
        t.setDaemon(true);
        t.start();
        collectors.add(t);
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    /** The child's open BPF programs, maps and links: its fds' targets ("anon_inode:bpf-prog", ...). */
    List<String> bpfFds() {
        List<String> bpf = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("anon_inode:bpf")) {
                        bpf.add(target);
                    }
                } catch (NoSuchFileException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bpf;
    }

    void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    void closeStdin() throws IOException {
        stdin.close();
    }

    /** Waits for a line on stdout or stderr containing {@code text}. */
    String await(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (List<String> lines : List.of(stdout, stderr)) {
                synchronized (lines) {
                    for (String l : lines) {
                        if (l.contains(text)) {
                            return l;
                        }
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no line containing '" + text + "' within " + timeout + "\n" + output());
    }

    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child JVM did not exit within " + timeout + "\n" + output());
        }
        for (Thread t : collectors) {
            t.join(5000); // the last lines: the collectors end at the end of the output
        }
        return process.exitValue();
    }

    List<String> stderr() {
        synchronized (stderr) {
            return new ArrayList<>(stderr);
        }
    }

    List<String> stdout() {
        synchronized (stdout) {
            return new ArrayList<>(stdout);
        }
    }

    String output() {
        return "--- stdout\n" + String.join("\n", stdout()) + "\n--- stderr\n" + String.join("\n", stderr());
    }

    /** SIGTERM; the output is still collected (Process.destroy would close the pipes). */
    void terminate() {
        process.toHandle().destroy();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** CI=true turns "cannot run here" into a failure instead of a skip. */
    static final class Ci {
        static boolean required() {
            return "true".equals(System.getenv("CI"));
        }
    }
}
