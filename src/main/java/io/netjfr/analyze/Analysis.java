package io.netjfr.analyze;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a recording says about network activity, ready to print: the result of
 * {@link RecordingAnalyzer}, read by {@link TextReport} and {@link HtmlReport}.
 */
public record Analysis(
        String file,
        Instant start,
        Instant end,
        long netjfrEvents,
        List<HookStatistics> hooks,
        List<ProcessTraffic> processes,
        List<ThreadTraffic> threads,
        List<AttributedRequest> requests,
        List<IcmpSender> icmpSenders,
        Map<String, long[]> packetsPerSecondByProcess,
        List<RuleResult> rules) {

    /** The last netjfr.Statistics of a hook. */
    public record HookStatistics(String hook, String attachMode, long seen, long delivered, long lost) {
    }

    /** Packets and bytes of one process. */
    public record ProcessTraffic(int pid, String name, String commandLine, long packets, long bytes) {
        /** "name [pid]", the process's label in charts. */
        public String label() {
            return name + " [" + pid + "]";
        }
    }

    /** Packets and bytes of one Java thread of the recording JVM. */
    public record ThreadTraffic(String thread, long packets, long bytes) {
    }

    /**
     * An HTTP request or TLS ClientHello sent by a Java thread, with the stack of the
     * jdk.SocketWrite that sent it (empty when none matched).
     */
    public record AttributedRequest(Instant time, String event, String thread, String summary,
            String destination, List<String> stack) {
    }

    /** A process that sent ICMP, with where to and how often. */
    public record IcmpSender(int pid, String commandLine, String destinations, long packets) {
    }

    /** A JMC rule's verdict. */
    public record RuleResult(String rule, String severity, String summary, String explanation) {
    }
}
