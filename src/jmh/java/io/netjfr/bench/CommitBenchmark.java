package io.netjfr.bench;

import io.netjfr.event.CommandLines;
import io.netjfr.event.HttpResponseEvent;
import io.netjfr.event.IcmpPacketEvent;
import io.netjfr.event.JfrEventWriter;
import io.netjfr.record.HttpResponse;
import io.netjfr.record.IcmpPacket;
import io.netjfr.record.Origin;
import jdk.jfr.Recording;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Decoded value -> JFR event (JfrEventWriter): the commit into a running recording on
 * disk, as in the agent, or with the event disabled (what the agent pays when a recording
 * turns an event off).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = "-XX:FlightRecorderOptions:memorysize=64m")
@State(Scope.Thread)
public class CommitBenchmark {
    @Param({"true", "false"})
    public boolean enabled;

    /** The sender's command line: a tool's, or a Java service's with its class path (JFR pools only short strings on some JDKs). */
    @Param({"24", "2000"})
    public int commandLineLength;

    private final JfrEventWriter writer = new JfrEventWriter(() -> null, new CommandLines());
    private Recording recording;
    private Path file;
    private IcmpPacket packet;
    private HttpResponse response;

    @Setup
    public void setUp() throws Exception {
        file = Files.createTempFile("commit-bench", ".jfr");
        recording = new Recording();
        if (enabled) {
            recording.enable(IcmpPacketEvent.class);
            recording.enable(HttpResponseEvent.class);
        }
        recording.setDestination(file);
        recording.start();
        String commandLine = "icmpflood -i nj0 -b 64 " + "x".repeat(Math.max(0, commandLineLength - 23));
        Origin origin = new Origin(Records.PID, Records.PID + 1, "icmpflood", commandLine, System.nanoTime());
        packet = new IcmpPacket(origin, "IPv4", "127.0.0.1", "127.0.0.2", 8, 0, 0x1234, 1, 36);
        response = new HttpResponse(origin, HttpResponse.WRITTEN_BY_SERVER, "127.0.0.1", 8080, "127.0.0.1", 45000,
                "HTTP/1.1", 200, "OK", 120, 52_000, "");
    }

    @TearDown
    public void tearDown() throws Exception {
        recording.close();
        Files.deleteIfExists(file);
    }

    @Benchmark
    public void icmpPacket() {
        writer.icmp(packet);
    }

    @Benchmark
    public void httpResponse() {
        writer.httpResponse(response);
    }
}
