package io.netjfr.bench;

import io.netjfr.record.HookStatistics;
import io.netjfr.record.HttpRequest;
import io.netjfr.record.IcmpPacket;
import io.netjfr.record.KernelClock;
import io.netjfr.record.Origin;
import io.netjfr.recordfile.JfrFileSink;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Decoded value -> the stand-alone .jfr file (JfrFileSink, record's writer), chunks written
 * to disk as they fill: the cost per event of {@code record} after the decoder. Two
 * senders' threads alternate, as under a flood between two processes; the HTTP request
 * has a 250-character command line like a JVM's.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class RecordFileBenchmark {
    /** As the decoder hands it on: arguments separated by spaces. */
    private static final String JVM_COMMAND_LINE = Records.JVM_COMMAND_LINE.replace('\0', ' ');

    private static final int DRAIN = 256;

    private final IcmpPacket[] packets = new IcmpPacket[2];
    private final HttpRequest[] requests = new HttpRequest[2];
    private JfrFileSink sink;
    private Path file;
    private int i;

    @Setup(Level.Iteration)
    public void setUp() throws Exception {
        file = Files.createTempFile("record-bench", ".jfr");
        sink = JfrFileSink.create(file, new KernelClock(),
                () -> List.of(new HookStatistics("icmp", "tp_btf", 1, 1, 0)));
        long now = System.nanoTime();
        for (int k = 0; k < 2; k++) {
            Origin ping = new Origin(4000 + k, 4000 + k, "icmpflood", "icmpflood -i nj0 -b 64", now);
            packets[k] = new IcmpPacket(ping, "IPv4", "127.0.0.1", "127.0.0.2", 8, 0, 0x1234, k, 36);
            Origin jvm = new Origin(5000, 5100 + k, "java", JVM_COMMAND_LINE, now);
            requests[k] = new HttpRequest(jvm, "127.0.0.1", 41000 + k, "127.0.0.1", 8080, "GET", "/orders/42?page=1",
                    "127.0.0.1:8080", "HTTP/1.1", 120, "");
        }
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws Exception {
        sink.close();
        Files.deleteIfExists(file);
    }

    @Benchmark
    public void icmpPacket() {
        sink.icmp(packets[i & 1]);
        next();
    }

    @Benchmark
    public void httpRequest() {
        sink.http(requests[i & 1]);
        next();
    }

    /** The end of a drain every {@value #DRAIN} events, as the engine's: where a full chunk is written. */
    private void next() {
        if ((++i & (DRAIN - 1)) == 0) {
            sink.drained();
        }
    }
}
