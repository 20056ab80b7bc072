package io.netjfr.cli;

import io.netjfr.record.KernelClock;
import io.netjfr.recordfile.JfrFileSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** Records kernel network events to a .jfr file, stand-alone: system-wide unless filtered. */
@Command(name = "record", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Record the kernel's network events of every process (or the filtered ones) to a .jfr "
                + "file for JDK Mission Control, jfr print or jdk.jfr.consumer.",
                "Stops after --duration, or on Ctrl-C / SIGTERM; the file is complete either way."},
        footer = {"", "Examples:",
                "  java -jar netjfr.jar record --duration 30s -o net.jfr",
                "  java -jar netjfr.jar record --comm curl --events http -o curl.jfr      # until Ctrl-C",
                "  jfr print --events netjfr.HttpRequest net.jfr",
                "", "Exit status: 0 done (130/143 when stopped by SIGINT/SIGTERM), 3 done but events were lost "
                        + "(also when stopped by a signal; the file is complete, the last line on stderr counts "
                        + "the loss per hook), 1 failure, 2 bad usage."})
final class RecordCommand implements Callable<Integer> {
    /** The exit status when the kernel dropped events because netjfr did not keep up. */
    static final int EVENTS_LOST = 3;
    private static final String STATISTICS = "netjfr.Statistics";

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "netjfr.jfr",
            description = "the recording to write (default: ${DEFAULT-VALUE}); replaced if it exists")
    Path output;

    @Mixin
    EngineOptions options;

    @Override
    public Integer call() throws Failure, InterruptedException {
        try (Capture capture = new Capture(options)) {
            JfrFileSink sink;
            try {
                sink = JfrFileSink.create(output, new KernelClock(), capture::statistics);
            } catch (IOException e) {
                throw Failure.io("failed to create " + output, e);
            }
            try {
                capture.start(sink, "recording",
                        " to " + output + (options.duration != null ? " for " + format(options.duration) : ""));
            } catch (Failure e) {
                closeQuietly(sink);
                deleteQuietly(output);
                throw e;
            }
            capture.run(() -> sink.failure() != null);
            try {
                sink.close();
            } catch (IOException e) {
                throw Failure.io("failed to write " + output, e);
            }
            System.err.println("netjfr: wrote " + summary(sink.counts()) + " to " + output);
            if (capture.reportLoss() > 0) {
                capture.exitStatusOnSignal(EVENTS_LOST);
                return EVENTS_LOST;
            }
        }
        return 0;
    }

    /** "3 events (netjfr.HttpRequest 1, netjfr.IcmpPacket 2) and 5 netjfr.Statistics" */
    static String summary(Map<String, Long> counts) {
        Map<String, Long> events = new LinkedHashMap<>(counts);
        Long statistics = events.remove(STATISTICS);
        long packets = events.values().stream().mapToLong(Long::longValue).sum();
        String byType = events.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        return packets + (packets == 1 ? " event" : " events") + (byType.isEmpty() ? "" : " (" + byType + ")")
                + (statistics == null || statistics == 0 ? "" : " and " + statistics + " " + STATISTICS);
    }

    static String format(Duration d) {
        return d.toString().substring(2).toLowerCase();
    }

    private static void closeQuietly(JfrFileSink sink) {
        try {
            sink.close();
        } catch (IOException e) {
            // the start failure is what the user needs to see
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // nothing to clean up then
        }
    }
}
