package io.netjfr.bench;

import io.netjfr.bpf.Engine;
import io.netjfr.bpf.Hook;
import io.netjfr.event.CommandLines;
import io.netjfr.event.IcmpPacketEvent;
import io.netjfr.event.JfrEventWriter;
import io.netjfr.record.HttpRequest;
import io.netjfr.record.HttpResponse;
import io.netjfr.record.IcmpPacket;
import io.netjfr.record.RecordDecoder;
import io.netjfr.record.RecordSink;
import io.netjfr.record.TlsClientHello;
import jdk.jfr.Recording;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The agent's pipeline without the agent around it, for scripts/bench: netjfr's engine
 * (icmp hook, filtered to one pid), RecordDecoder and JfrEventWriter into a JFR recording
 * on disk, with the kernel-to-commit latency of every event taken right after its commit
 * (bpf_ktime_get_ns and System.nanoTime are both CLOCK_MONOTONIC).
 *
 * <pre>
 *   PipelineHarness --pid PID --ready FILE --stop FILE --jfr FILE --out FILE [--measure FILE] [--phases N]
 * </pre>
 * With N phases the measure, stop and out files of phase k are FILE.k; the JSON of each
 * phase holds its own counts.
 * Creates the ready file once attached, runs until the stop file exists, then writes one
 * JSON object: kernel counters and events delivered over the whole run; and from the time
 * the measure file exists (the generator's warm-up is over; from the start without one)
 * to the last record: rate, latency percentiles, wake-ups, and CPU per event of this JVM
 * and of the drain thread.
 */
public final class PipelineHarness {
    private PipelineHarness() {
    }

    /** Commits through the real writer, then times the event. */
    static final class LatencySink implements RecordSink {
        private final RecordSink delegate;
        volatile Histogram latency = new Histogram();
        volatile boolean measuring;
        long delivered;

        LatencySink(RecordSink delegate) {
            this.delegate = delegate;
        }

        @Override
        public void icmp(IcmpPacket p) {
            delegate.icmp(p);
            delivered++;
            if (measuring) {
                latency.record(System.nanoTime() - p.origin().kernelTimeNanos());
            }
        }

        @Override
        public void http(HttpRequest r) {
            delegate.http(r);
            delivered++;
            if (measuring) {
                latency.record(System.nanoTime() - r.origin().kernelTimeNanos());
            }
        }

        @Override
        public void httpResponse(HttpResponse r) {
            delegate.httpResponse(r);
            delivered++;
            if (measuring) {
                latency.record(System.nanoTime() - r.origin().kernelTimeNanos());
            }
        }

        @Override
        public void tlsClientHello(TlsClientHello h) {
            delegate.tlsClientHello(h);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i], args[i + 1]);
        }
        int pid = Integer.parseInt(opt.get("--pid"));
        Path ready = Path.of(opt.get("--ready"));
        Path stop = Path.of(opt.get("--stop"));
        Path out = Path.of(opt.get("--out"));
        Path measure = opt.containsKey("--measure") ? Path.of(opt.get("--measure")) : null;

        Recording recording = new Recording();
        recording.enable(IcmpPacketEvent.class).withoutStackTrace();
        recording.enable("jdk.DataLoss");
        recording.setToDisk(true);
        recording.setDestination(Path.of(opt.get("--jfr")));
        recording.start();

        LatencySink sink = new LatencySink(new JfrEventWriter(() -> null, new CommandLines()));
        RecordDecoder decoder = new RecordDecoder(sink);
        Engine engine = Engine.start(new Engine.Options(new Engine.Filter(pid, null, 0), null, null, null, false), EnumSet.of(Hook.ICMP), decoder);
        Files.writeString(ready, "ready\n");

        int phases = Integer.parseInt(opt.getOrDefault("--phases", "1"));
        long seenBefore = 0;
        long lostBefore = 0;
        long deliveredBefore = 0;
        for (int phase = 1; phase <= phases; phase++) {
            Path measurePhase = measure == null || phases == 1 ? measure : Path.of(measure + "." + phase);
            Path stopPhase = phases == 1 ? stop : Path.of(stop + "." + phase);
            Path outPhase = phases == 1 ? out : Path.of(out + "." + phase);
            sink.latency = new Histogram();
            sink.measuring = false;
            Window w = measureWindow(engine, sink, measurePhase, stopPhase);
            Engine.Counters counters = engine.counters(Hook.ICMP);
            if (phase == phases) {
                engine.close();
                recording.stop();
                recording.close();
            }
            Histogram h = sink.latency;
            double span = (w.lastNanos - w.firstNanos) / 1e9;
            long flowed = w.lastRecords - w.firstRecords;
            String json = String.format(Locale.ROOT, "{\"seen\": %d, \"lost\": %d, \"delivered\": %d, "
                    + "\"seconds\": %.3f, \"rate\": %.0f, \"latency_p50_us\": %.1f, \"latency_p99_us\": %.1f, "
                    + "\"latency_max_us\": %.1f, \"wakeups_per_s\": %.0f, \"cpu_ns_per_event\": %.0f, "
                    + "\"drain_cpu_ns_per_event\": %.0f, \"rss_kib\": %d}%n",
                    counters.seen() - seenBefore, counters.lost() - lostBefore, sink.delivered - deliveredBefore,
                    span, span > 0 ? flowed / span : 0,
                    h.percentile(0.5) / 1e3, h.percentile(0.99) / 1e3, h.max() / 1e3,
                    span > 0 ? (w.lastWakeups - w.firstWakeups) / span : 0,
                    flowed > 0 ? (double) (w.lastCpu - w.firstCpu) / flowed : 0,
                    flowed > 0 ? (double) (w.lastDrainCpu - w.firstDrainCpu) / flowed : 0,
                    ProcStat.rssKib(ProcessHandle.current().pid()));
            Files.writeString(outPhase, json);
            seenBefore = counters.seen();
            lostBefore = counters.lost();
            deliveredBefore = sink.delivered;
        }
        System.exit(0);
    }

    /** First and last sample of a phase's measured window where the record count moved. */
    private static final class Window {
        long firstNanos;
        long lastNanos;
        long firstRecords;
        long lastRecords;
        long firstWakeups;
        long lastWakeups;
        long firstCpu;
        long lastCpu;
        long firstDrainCpu;
        long lastDrainCpu;
    }

    /** Samples every 10 ms from when {@code measure} exists (at once when null) until {@code stop} exists. */
    private static Window measureWindow(Engine engine, LatencySink sink, Path measure, Path stop) throws Exception {
        Window w = new Window();
        long pid = ProcessHandle.current().pid();
        while (!Files.exists(stop)) {
            Thread.sleep(10);
            long now = System.nanoTime();
            long records = engine.records();
            if (!sink.measuring) {
                if (measure == null || Files.exists(measure)) {
                    sink.measuring = true;
                    w.firstNanos = w.lastNanos = now;
                    w.firstRecords = w.lastRecords = records;
                    w.firstWakeups = w.lastWakeups = engine.wakeups();
                    w.firstCpu = w.lastCpu = ProcStat.cpuNanos(pid);
                    w.firstDrainCpu = w.lastDrainCpu = ProcStat.threadCpuNanos("netjfr-ring");
                }
                continue;
            }
            if (records != w.lastRecords) {
                w.lastNanos = now;
                w.lastRecords = records;
                w.lastWakeups = engine.wakeups();
                w.lastCpu = ProcStat.cpuNanos(pid);
                w.lastDrainCpu = ProcStat.threadCpuNanos("netjfr-ring");
            }
        }
        return w;
    }
}
