package io.netjfr.bench;

import io.netjfr.record.HookStatistics;
import io.netjfr.record.KernelClock;
import io.netjfr.record.RecordDecoder;
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

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.netjfr.record.RecordLayout.HTTP_HEAD_START;
import static io.netjfr.record.RecordLayout.HTTP_RECEIVED;
import static io.netjfr.record.RecordLayout.HTTP_REQUEST_NS;
import static io.netjfr.record.RecordLayout.HTTP_RESPONSE_START;

/**
 * One exchange of an HTTP flood through {@code record}'s user space, ring record to .jfr
 * file (RecordDecoder, HttpAssembler, JfrFileSink, chunks written as they fill): the
 * request the client sent, the response the server wrote (timed in the kernel), the
 * response the client read; on one of {@value #CONNECTIONS} keep-alive connections in
 * turn, as under {@code wrk -c32}, from a JVM with a 250-character command line. Three
 * events per operation; the ring's drain ends every {@value #DRAIN} operations.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class RecordHttpBenchmark {
    private static final String REQUEST = "GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n";
    private static final String RESPONSE = "HTTP/1.1 200 OK\r\nDate: Tue, 25 Nov 2026 03:00:00 GMT\r\n"
            + "Content-type: text/plain\r\nContent-length: 13\r\n\r\n";
    private static final int CONNECTIONS = 32;
    /** Exchanges per drain of the ring (three records each). */
    private static final int DRAIN = 64;

    private final ByteBuffer[] requestsSent = new ByteBuffer[CONNECTIONS];
    private final ByteBuffer[] responsesWritten = new ByteBuffer[CONNECTIONS];
    private final ByteBuffer[] responsesRead = new ByteBuffer[CONNECTIONS];
    private final int[] clientSeqs = new int[CONNECTIONS];
    private final int[] serverSeqs = new int[CONNECTIONS];
    private JfrFileSink sink;
    private RecordDecoder decoder;
    private Path file;
    private int connection;
    private int exchanges;

    @Setup(Level.Iteration)
    public void setUp() throws Exception {
        file = Files.createTempFile("record-http-bench", ".jfr");
        sink = JfrFileSink.create(file, new KernelClock(),
                () -> List.of(new HookStatistics("http", "tp_btf", 1, 1, 0)));
        decoder = new RecordDecoder(sink);
        ByteBuffer process = Records.process("java", Records.JVM_COMMAND_LINE);
        decoder.onRecord(process, 0, process.capacity());
        for (int c = 0; c < CONNECTIONS; c++) {
            long client = 0xffff_8880_1234_0000L + 4096L * c;
            long server = client + 2048;
            requestsSent[c] = Records.http(client, HTTP_HEAD_START, 0, REQUEST, false);
            responsesWritten[c] = Records.http(server, HTTP_RESPONSE_START, 0, RESPONSE, true);
            responsesRead[c] = Records.http(client, HTTP_RESPONSE_START | HTTP_RECEIVED, 0, RESPONSE, false);
        }
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws Exception {
        decoder.onClosed();
        sink.close();
        Files.deleteIfExists(file);
    }

    @Benchmark
    public void exchange() {
        int c = connection;
        connection = (c + 1) % CONNECTIONS;
        long now = System.nanoTime();
        send(requestsSent[c], clientSeqs[c], now);
        clientSeqs[c] += REQUEST.length();
        ByteBuffer written = responsesWritten[c];
        written.putLong(HTTP_REQUEST_NS, now);
        send(written, serverSeqs[c], now);
        send(responsesRead[c], serverSeqs[c], now);
        serverSeqs[c] += RESPONSE.length() + 13;
        if (++exchanges % DRAIN == 0) {
            decoder.onDrained(); // where a full chunk is written
        }
    }

    private void send(ByteBuffer record, int seq, long now) {
        Records.setSeq(record, seq);
        Records.setTime(record, now);
        decoder.onRecord(record, 0, record.capacity());
    }
}
