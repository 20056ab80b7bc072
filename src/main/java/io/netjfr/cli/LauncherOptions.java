package io.netjfr.cli;

import com.sun.jna.Library;
import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import io.netjfr.jna.Jna;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code record} and {@code watch} run for as long as the user wants, at whatever rate the
 * host sends: they get JVM options of their own unless the user gave a heap option. An
 * executable jar cannot carry JVM options, so the process replaces itself with the same
 * java and arguments plus these ({@code execv}: same pid, terminal, standard streams and
 * signal dispositions, so Ctrl-C, {@code kill -INT} and exit statuses behave as before):
 * <ul>
 * <li>{@link #LIMIT}: the JVM's default lets the heap grow to a quarter of the machine's
 * memory, and under a flood a generous young generation fills it with garbage between
 * collections (2.7 GB resident was seen);</li>
 * <li>the serial collector unless the user chose one: what these commands keep is small,
 * and it needs neither G1's remembered sets nor its threads (~35 MB less resident at 1 M
 * events/s);</li>
 * <li>{@link #INLINING}: C2 inlines less into each method it compiles. The drain thread's
 * hot path is one deep call chain (record, decoder, assembler, sink, encoder) that C2
 * compiled whole from several roots and again after each deoptimization: ~1.1 s of
 * compiler CPU in the first 5 s of an HTTP flood, taken from the flood on a small machine;
 * with this ~0.3 s, for 5–15 % more CPU per event once everything is compiled
 * (docs/performance.md). Added only when this JVM has C2's option and the user did not set it.</li>
 * </ul>
 * A user's heap option means no relaunch at all.
 */
final class LauncherOptions {
    static final String LIMIT = "-Xmx128m";
    private static final String COLLECTOR = "-XX:+UseSerialGC";
    private static final String INLINING_OPTION = "FreqInlineSize";
    private static final String INLINING = "-XX:" + INLINING_OPTION + "=100";
    private static final Set<String> LONG_RUNNING = Set.of("record", "watch");
    private static final List<String> HEAP_OPTIONS = List.of("-Xmx", "-Xms", "-XX:MaxHeapSize", "-XX:InitialHeapSize",
            "-XX:MinHeapSize", "-XX:MaxRAM", "-XX:MaxRAMPercentage", "-XX:MaxRAMFraction", "-XX:InitialRAMPercentage",
            "-XX:MinRAMPercentage");

    private interface Exec extends Library {
        int execv(String path, String[] argv);
    }

    private LauncherOptions() {
    }

    /** Returns only when no relaunch was needed or it could not be done: then this JVM runs the command. */
    static void relaunchIfUnset(String[] args) {
        if (args.length == 0 || !LONG_RUNNING.contains(args[0])) {
            return;
        }
        boolean collectorChosen = false;
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (HEAP_OPTIONS.stream().anyMatch(option::startsWith)) {
                return;
            }
            collectorChosen |= option.startsWith("-XX:+Use") && option.endsWith("GC");
        }
        List<String> argv = commandLine();
        if (argv.size() < 2) {
            return;
        }
        List<String> options = new ArrayList<>(List.of(LIMIT));
        if (!collectorChosen) {
            options.add(COLLECTOR);
        }
        if (unsetOption(INLINING_OPTION)) {
            options.add(INLINING);
        }
        argv.addAll(1, options);
        try {
            Jna.load("c", Exec.class).execv("/proc/self/exe", argv.toArray(new String[0]));
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // no libc through JNA: run with the default heap
        }
    }

    /**
     * Whether this JVM knows the -XX option (one it does not know would stop the relaunched JVM
     * at start) and nobody set it: not on the command line, nor in JAVA_TOOL_OPTIONS or
     * JDK_JAVA_OPTIONS, which the relaunch's command line would override.
     */
    private static boolean unsetOption(String name) {
        try {
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name).getOrigin()
                    == VMOption.Origin.DEFAULT;
        } catch (IllegalArgumentException | LinkageError e) {
            return false; // no such option, or a runtime without jdk.management
        }
    }

    /** This process's argv as the kernel has it, in the platform's encoding (as the launcher got it). */
    private static List<String> commandLine() {
        List<String> argv = new ArrayList<>();
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc/self/cmdline"));
            Charset cs = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
            int start = 0;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    argv.add(new String(raw, start, i - start, cs));
                    start = i + 1;
                }
            }
        } catch (IOException | RuntimeException e) {
            argv.clear();
        }
        return argv;
    }
}
