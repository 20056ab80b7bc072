package io.netjfr.bench;

import io.netjfr.record.HttpRequest;
import io.netjfr.record.HttpResponse;
import io.netjfr.record.IcmpPacket;
import io.netjfr.record.RecordDecoder;
import io.netjfr.record.RecordSink;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import static io.netjfr.record.RecordLayout.HTTP_HEAD_START;
import static io.netjfr.record.RecordLayout.HTTP_REQUEST_NS;
import static io.netjfr.record.RecordLayout.HTTP_RESPONSE_START;

/**
 * Ring buffer record -> decoded value (RecordDecoder, HttpAssembler), into a sink that
 * only consumes: the user-space cost per kernel record before JFR. Run with
 * {@code -prof gc} to see the allocation per record.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DecodeBenchmark {
    private static final String REQUEST = "GET /hello?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: wrk\r\n\r\n";
    private static final String RESPONSE = "HTTP/1.1 200 OK\r\nDate: Tue, 25 Nov 2026 03:00:00 GMT\r\n"
            + "Content-type: text/plain\r\nContent-length: 13\r\n\r\n";

    private static final int CONNECTIONS = 32;

    private RecordDecoder decoder;
    private ByteBuffer icmp;
    private ByteBuffer requestSent;
    private final ByteBuffer[] responsesWritten = new ByteBuffer[CONNECTIONS];
    private final int[] serverSeqs = new int[CONNECTIONS];
    private int connection;
    private int clientSeq;

    @Setup
    public void setUp(Blackhole bh) {
        decoder = new RecordDecoder(new RecordSink() {
            @Override
            public void icmp(IcmpPacket packet) {
                bh.consume(packet);
            }

            @Override
            public void http(HttpRequest request) {
                bh.consume(request);
            }

            @Override
            public void httpResponse(HttpResponse response) {
                bh.consume(response);
            }
        });
        ByteBuffer process = Records.process();
        decoder.onRecord(process, 0, process.capacity());
        icmp = Records.icmp();
        requestSent = Records.http(1, HTTP_HEAD_START, 0, REQUEST, false);
        for (int i = 0; i < CONNECTIONS; i++) {
            responsesWritten[i] = Records.http(0xffff_8880_1234_0000L + 2048L * i, HTTP_RESPONSE_START, 0, RESPONSE, true);
            responsesWritten[i].putLong(HTTP_REQUEST_NS, System.nanoTime() - 50_000); // the request the server read
        }
    }

    /** One ICMP record -> IcmpPacket. */
    @Benchmark
    public void icmp() {
        decoder.onRecord(icmp, 0, icmp.capacity());
    }

    /** A client's request head, sent in one piece -> HttpRequest. */
    @Benchmark
    public void httpRequestSent() {
        Records.setSeq(requestSent, clientSeq);
        clientSeq += REQUEST.length();
        decoder.onRecord(requestSent, 0, requestSent.capacity());
    }

    /**
     * A server's keep-alive response, timed in the kernel from the request it read -> HttpResponse;
     * on one of {@value #CONNECTIONS} connections in turn, as under wrk -c32.
     */
    @Benchmark
    public void httpResponseWritten() {
        int c = connection;
        connection = (c + 1) % CONNECTIONS;
        ByteBuffer record = responsesWritten[c];
        Records.setSeq(record, serverSeqs[c]);
        serverSeqs[c] += RESPONSE.length() + 13;
        decoder.onRecord(record, 0, record.capacity());
    }
}
