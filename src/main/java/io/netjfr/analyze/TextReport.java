package io.netjfr.analyze;

import java.io.PrintStream;
import java.time.Duration;

/** The analysis as plain text for a terminal. */
public final class TextReport {
    private TextReport() {
    }

    public static void print(Analysis a, PrintStream out) {
        out.println("netjfr analysis of " + a.file());
        if (a.netjfrEvents() == 0) {
            out.println("No netjfr events in this recording. Record with the agent and jfr-templates/netjfr.jfc,"
                    + " or with 'java -jar netjfr.jar record'.");
            return;
        }
        out.printf("%d netjfr events over %s%n", a.netjfrEvents(), span(a));
        long lost = a.hooks().stream().mapToLong(Analysis.HookStatistics::lost).sum();
        if (lost > 0) {
            out.printf("%d events lost in the kernel (the ring buffer was full): %s; the figures below miss them%n",
                    lost, a.hooks().stream().filter(h -> h.lost() > 0).map(h -> h.hook() + " " + h.lost())
                            .collect(java.util.stream.Collectors.joining(", ")));
        }

        section(out, "Kernel hooks (netjfr.Statistics, last value)");
        if (a.hooks().isEmpty()) {
            out.println("  none recorded (netjfr.Statistics disabled?)");
        } else {
            out.printf("  %-8s %-11s %10s %10s %8s%n", "hook", "mode", "seen", "delivered", "lost");
        }
        a.hooks().forEach(h -> out.printf("  %-8s %-11s %10d %10d %8d%n", h.hook(),
                h.attachMode().isEmpty() ? "-" : h.attachMode(), h.seen(), h.delivered(), h.lost()));

        section(out, "Top processes by packets");
        out.printf("  %8s %10s %8s  %s%n", "packets", "bytes", "pid", "command line");
        a.processes().forEach(p -> out.printf("  %8d %10d %8d  %s%n", p.packets(), p.bytes(), p.pid(),
                p.commandLine().isEmpty() ? p.name() : p.commandLine()));

        section(out, "Top Java threads by packets");
        if (a.threads().isEmpty()) {
            out.println("  no packets from Java threads of the recording JVM");
        }
        a.threads().forEach(t -> out.printf("  %8d %10d  %s%n", t.packets(), t.bytes(), t.thread()));

        section(out, "Requests from the recording JVM's threads, with the code that sent them (joined with jdk.SocketWrite)");
        if (a.requests().isEmpty()) {
            out.println("  none");
        }
        for (Analysis.AttributedRequest r : a.requests()) {
            out.printf("  %s  [%s]  %s -> %s%n", r.time(), r.thread(), r.summary(), r.destination());
            if (r.stack().isEmpty()) {
                out.println("      (no matching jdk.SocketWrite with a stack trace)");
            }
            r.stack().forEach(frame -> out.println("      at " + frame));
        }

        section(out, "ICMP senders");
        if (a.icmpSenders().isEmpty()) {
            out.println("  none");
        }
        a.icmpSenders().forEach(s -> out.printf("  %8d packets  pid %d  to %s  %s%n", s.packets(), s.pid(),
                s.destinations(), s.commandLine()));

        section(out, "Rules");
        a.rules().forEach(r -> {
            out.printf("  [%s] %s: %s%n", r.severity(), r.rule(), r.summary());
            if (!r.explanation().isEmpty()) {
                out.println("      " + r.explanation().replace("\n", "\n      "));
            }
        });
    }

    private static void section(PrintStream out, String title) {
        out.println();
        out.println(title);
    }

    static String span(Analysis a) {
        Duration d = Duration.between(a.start(), a.end());
        return d.toMillis() < 10_000 ? d.toMillis() + " ms" : d.toSeconds() + " s";
    }
}
