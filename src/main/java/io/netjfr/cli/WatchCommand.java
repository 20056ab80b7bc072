package io.netjfr.cli;

import io.netjfr.record.KernelClock;
import io.netjfr.record.RecordSink;
import io.netjfr.watch.JsonLines;
import io.netjfr.watch.TextLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Prints kernel network events as they happen. */
@Command(name = "watch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the kernel's network events of every process (or the filtered ones) as they "
                + "happen: one line per event with time, pid, command line and what was sent."},
        footer = {"", "Examples:",
                "  java -jar netjfr.jar watch",
                "  java -jar netjfr.jar watch --events icmp",
                "  java -jar netjfr.jar watch --port 8080 --json | jq .target",
                "", "Lost events (netjfr did not keep up with the kernel) are reported on stderr, never on "
                        + "stdout: a line within a second of the loss, and the count per hook at the end.",
                "", "Exit status: 0 done (130/143 when stopped by SIGINT/SIGTERM), 1 failure, 2 bad usage."})
final class WatchCommand implements Callable<Integer> {
    private static final int DEFAULT_COLUMNS = 120;

    @Option(names = "--json", description = "one JSON object per line, with the events' JFR field names")
    boolean json;

    @Mixin
    EngineOptions options;

    @Override
    public Integer call() throws Failure, InterruptedException {
        try (Capture capture = new Capture(options)) {
            // a buffer of its own: System.out flushes every write, a system call per event
            PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out),
                    1 << 16), false, StandardCharsets.UTF_8);
            KernelClock clock = new KernelClock();
            RecordSink sink = json ? new JsonLines(out, clock) : new TextLines(out, clock, terminalColumns());
            capture.start(sink, "watching", "");
            capture.run(out::checkError);
            sink.drained(); // what the engine handed on as it closed (heads that never ended), then flush
            capture.reportLoss();
        }
        return 0;
    }

    /** $COLUMNS, else what stty says about the terminal, else 120. */
    static int terminalColumns() {
        String env = System.getenv("COLUMNS");
        if (env != null && env.matches("\\d{2,4}")) {
            return Integer.parseInt(env);
        }
        if (System.console() != null) {
            try {
                Process p = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String size = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
                if (p.waitFor(2, TimeUnit.SECONDS) && size.matches("\\d+ \\d+")) {
                    return Integer.parseInt(size.split(" ")[1]);
                }
            } catch (IOException e) {
                // no terminal after all
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return DEFAULT_COLUMNS;
    }
}
