package io.netjfr.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netjfr.protocol.HttpAssembler.Direction;
import io.netjfr.protocol.HttpAssembler.Piece;
import io.netjfr.protocol.HttpAssembler.Request;
import io.netjfr.protocol.HttpAssembler.Start;
import io.netjfr.record.HttpRequest;
import io.netjfr.record.HttpResponse;
import io.netjfr.record.Origin;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpAssemblerTest {

    private final List<HttpRequest> out = new ArrayList<>();
    private final List<HttpResponse> responses = new ArrayList<>();
    private final HttpAssembler assembler = new HttpAssembler(out::add, responses::add, 0);
    /** Next TCP sequence number per socket and direction: the pieces of a test are one byte stream each. */
    private final Map<String, Integer> seq = new HashMap<>();

    private Piece piece(long socket, boolean start, long time, String text) {
        return sent(socket, start ? Start.REQUEST : Start.CONTINUATION, time, text);
    }

    private Piece sent(long socket, Start start, long time, String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return piece(socket, Direction.SENT, start, time, b, b.length, b.length);
    }

    /** A response a server writes, paired by the kernel with the request it read. */
    private Piece written(long socket, long time, Request answers, String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return piece(socket, Direction.SENT, Start.RESPONSE, time, b, b.length, b.length, answers);
    }

    private Piece read(long socket, Start start, long time, String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return piece(socket, Direction.RECEIVED, start, time, b, b.length, b.length);
    }

    /** Bytes of the stream that the kernel did not capture (not starting like a head). */
    private void skip(long socket, Direction d, int bytes) {
        seq.merge(socket + "" + d, bytes, Integer::sum);
    }

    private Piece piece(long socket, boolean start, long time, byte[] data, int captured, long bytes) {
        return piece(socket, Direction.SENT, start ? Start.REQUEST : Start.CONTINUATION, time, data, captured, bytes);
    }

    private Piece piece(long socket, Direction d, Start start, long time, byte[] data, int captured, long bytes) {
        return piece(socket, d, start, time, data, captured, bytes, null);
    }

    private Piece piece(long socket, Direction d, Start start, long time, byte[] data, int captured, long bytes,
            Request answers) {
        Origin origin = new Origin(100, 101, "java", "java -jar app.jar", time);
        int s = seq.getOrDefault(socket + "" + d, 1000);
        seq.put(socket + "" + d, s + (int) bytes);
        return new Piece(socket, d, start, s, origin, "10.0.0.1", 40000 + (int) socket, "10.0.0.2", 80, data,
                captured, bytes, answers);
    }

    @Test
    void oneRequestPerHead() {
        assembler.accept(piece(1, true, 10, "GET /a HTTP/1.1\r\nHost: h\r\n\r\n"));
        assertEquals(1, out.size());
        HttpRequest r = out.get(0);
        assertEquals("GET", r.method());
        assertEquals("/a", r.target());
        assertEquals("h", r.host());
        assertEquals("HTTP/1.1", r.version());
        assertEquals(28, r.bytes());
        assertEquals(10, r.origin().kernelTimeNanos());
        assertEquals("10.0.0.1", r.sourceAddress());
        assertEquals(40001, r.sourcePort());
        assertEquals("10.0.0.2", r.destinationAddress());
        assertEquals(80, r.destinationPort());
        assertEquals("", r.payload());
        assertEquals(0, assembler.pending());
    }

    @Test
    void pieceBytesAreNotKeptAfterAccept() {
        // the decoder reuses one buffer for every record: a head waiting for more keeps a copy
        byte[] buffer = new byte[512];
        byte[] line = "GET /reused HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(line, 0, buffer, 0, line.length);
        assembler.accept(piece(9, true, 10, buffer, line.length, line.length));
        java.util.Arrays.fill(buffer, (byte) 'x');
        byte[] rest = "Host: h\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(rest, 0, buffer, 0, rest.length);
        assembler.accept(piece(9, false, 11, buffer, rest.length, rest.length));
        assertEquals(1, out.size());
        assertEquals("/reused", out.get(0).target());
        assertEquals("h", out.get(0).host());
    }

    @Test
    void blankLineAcrossPieces() {
        assembler.accept(piece(8, true, 10, "GET /cr HTTP/1.1\r\nHost: h\r\n\r"));
        assertTrue(out.isEmpty());
        assembler.accept(piece(8, false, 11, "\n"));
        assertEquals(1, out.size());
        assertEquals("/cr", out.get(0).target());
    }

    @Test
    void keepAliveTwoHeadsSameSocket() {
        assembler.accept(piece(1, true, 10, "GET /first HTTP/1.1\r\nHost: h\r\n\r\n"));
        assembler.accept(piece(1, true, 20, "POST /second HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n"));
        assertEquals(2, out.size());
        assertEquals("/first", out.get(0).target());
        assertEquals("/second", out.get(1).target());
        assertEquals("POST", out.get(1).method());
    }

    @Test
    void headInThreePieces() {
        String line = "GET /split HTTP/1.1\r\n";
        String headers = "Host: split.example\r\nAccept: */*\r\n";
        assembler.accept(piece(7, true, 10, line));
        assembler.accept(piece(7, false, 11, headers));
        assertTrue(out.isEmpty());
        assertEquals(1, assembler.pending());
        assembler.accept(piece(7, false, 12, "\r\n"));
        assertEquals(1, out.size());
        HttpRequest r = out.get(0);
        assertEquals("/split", r.target());
        assertEquals("split.example", r.host());
        assertEquals(line.length() + headers.length() + 2, r.bytes());
        assertEquals(10, r.origin().kernelTimeNanos());
        assertEquals(0, assembler.pending());
    }

    @Test
    void bodyAfterHeadIsIgnored() {
        assembler.accept(piece(1, true, 10, "POST /p HTTP/1.1\r\nHost: h\r\n\r\n"));
        assembler.accept(piece(1, false, 11, "{\"body\":1}"));
        assertEquals(1, out.size());
        assertEquals(0, assembler.pending());
    }

    @Test
    void continuationWithoutOpenHeadIsIgnored() {
        assembler.accept(piece(3, false, 10, "Host: h\r\n\r\n"));
        assertTrue(out.isEmpty());
        assertEquals(0, assembler.pending());
    }

    @Test
    void interleavedSockets() {
        assembler.accept(piece(1, true, 10, "GET /one HTTP/1.1\r\n"));
        assembler.accept(piece(2, true, 11, "GET /two HTTP/1.1\r\n"));
        assertEquals(2, assembler.pending());
        assembler.accept(piece(2, false, 12, "Host: two\r\n\r\n"));
        assembler.accept(piece(1, false, 13, "Host: one\r\n\r\n"));
        assertEquals(2, out.size());
        assertEquals("/two", out.get(0).target());
        assertEquals("two", out.get(0).host());
        assertEquals(40002, out.get(0).sourcePort());
        assertEquals("/one", out.get(1).target());
        assertEquals("one", out.get(1).host());
        assertEquals(40001, out.get(1).sourcePort());
    }

    @Test
    void flushStartedBeforeEmitsIncompleteHead() {
        assembler.accept(piece(1, true, 10, "GET /old HTTP/1.1\r\nHost: old\r\n"));
        assembler.accept(piece(2, true, 50, "GET /new HTTP/1.1\r\n"));
        assembler.flushStartedBefore(10);
        assertTrue(out.isEmpty());
        assembler.flushStartedBefore(20);
        assertEquals(1, out.size());
        assertEquals("/old", out.get(0).target());
        assertEquals("old", out.get(0).host());
        assertEquals(1, assembler.pending());
        // the flushed socket's late continuation is dropped
        assembler.accept(piece(1, false, 60, "\r\n"));
        assertEquals(1, out.size());
    }

    @Test
    void headStartReplacesOpenHead() {
        assembler.accept(piece(1, true, 10, "GET /a HTTP/1.1\r\nHost: a\r\n"));
        assembler.accept(piece(1, true, 20, "GET /b HTTP/1.1\r\nHost: b\r\n\r\n"));
        assertEquals(2, out.size());
        assertEquals("/a", out.get(0).target());
        assertEquals("/b", out.get(1).target());
    }

    @Test
    void captureLimitCompletesAtOnce() {
        String text = "GET /" + "x".repeat(600) + " HTTP/1.1\r\nHost: h\r\n\r\n";
        byte[] all = text.getBytes(StandardCharsets.ISO_8859_1);
        byte[] captured = new byte[512];
        System.arraycopy(all, 0, captured, 0, 512);
        assembler.accept(piece(1, true, 10, captured, 512, all.length));
        assertEquals(1, out.size());
        HttpRequest r = out.get(0);
        assertEquals("GET", r.method());
        assertEquals("/" + "x".repeat(507), r.target());
        assertEquals("", r.version());
        assertEquals(all.length, r.bytes());
        assertEquals(0, assembler.pending());
    }

    @Test
    void captureLimitInContinuationCompletes() {
        assembler.accept(piece(1, true, 10, "GET /c HTTP/1.1\r\n"));
        String headers = "Host: c\r\nCookie: " + "y".repeat(600) + "\r\n\r\n";
        byte[] all = headers.getBytes(StandardCharsets.ISO_8859_1);
        assembler.accept(piece(1, false, 11, all, 512, all.length));
        assertEquals(1, out.size());
        assertEquals("c", out.get(0).host());
        assertEquals("HTTP/1.1", out.get(0).version());
        assertEquals(17 + all.length, out.get(0).bytes());
    }

    @Test
    void givesUpAfterMaxContinuations() {
        assembler.accept(piece(1, true, 10, "GET /many HTTP/1.1\r\n"));
        for (int i = 0; i < 127; i++) {
            assembler.accept(piece(1, false, 11 + i, "X-" + i + ": v\r\n"));
        }
        assertEquals(1, out.size());
        assertEquals("/many", out.get(0).target());
        assertEquals(0, assembler.pending());
    }

    @Test
    void nonHttpHeadIsDropped() {
        assembler.accept(piece(1, true, 10, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
        assembler.accept(piece(2, true, 10, "GET \u0000\u0001\u00ff\u0013binary junk"));
        assembler.flushStartedBefore(100);
        assertTrue(out.isEmpty());
        assertEquals(0, assembler.pending());
    }

    // --- message boundaries

    @Test
    void requestLookingBodyIsNotARequest() {
        String body = "GET /not-a-request HTTP/1.1\r\nHost: body\r\n\r\n";
        assembler.accept(sent(1, Start.REQUEST, 10, "POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: "
                + (body.length() + 10) + "\r\n\r\n"));
        assembler.accept(sent(1, Start.REQUEST, 11, body)); // the kernel saw a method at the start of a send
        skip(1, Direction.SENT, 10);
        assembler.accept(sent(1, Start.REQUEST, 12, "GET /next HTTP/1.1\r\nHost: h\r\n\r\n"));
        assertEquals(List.of("/upload", "/next"), out.stream().map(HttpRequest::target).toList());
    }

    @Test
    void bodyInTheSameSendCountsToo() {
        assembler.accept(sent(1, Start.REQUEST, 10, "POST /a HTTP/1.1\r\nContent-Length: 8\r\n\r\nGET "));
        assembler.accept(sent(1, Start.REQUEST, 11, "GET / HTTP/1.1\r\n\r\n".substring(0, 4))); // last 4 body bytes
        assembler.accept(sent(1, Start.REQUEST, 12, "GET /b HTTP/1.1\r\n\r\n"));
        assertEquals(List.of("/a", "/b"), out.stream().map(HttpRequest::target).toList());
    }

    @Test
    void responseLookingBodyIsNotAResponse() {
        assembler.accept(sent(1, Start.REQUEST, 10, "GET /a HTTP/1.1\r\n\r\n"));
        assembler.accept(read(1, Start.RESPONSE, 20, "HTTP/1.1 200 OK\r\nContent-Length: 17\r\n\r\n"));
        assembler.accept(read(1, Start.RESPONSE, 21, "HTTP/1.1 500 Lie"));
        assertEquals(1, responses.size());
        assertEquals(200, responses.get(0).status());
        assertEquals(39 + 17, responses.get(0).bytes());
    }

    @Test
    void chunkedBodyLeavesTheBoundaryOpen() {
        assembler.accept(sent(1, Start.REQUEST, 10, "GET /a HTTP/1.1\r\n\r\n"));
        assembler.accept(read(1, Start.RESPONSE, 20, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"));
        skip(1, Direction.RECEIVED, 20);
        assembler.accept(sent(1, Start.REQUEST, 30, "GET /b HTTP/1.1\r\n\r\n"));
        assembler.accept(read(1, Start.RESPONSE, 40, "HTTP/1.1 204 No Content\r\n\r\n"));
        assertEquals(List.of(200, 204), responses.stream().map(HttpResponse::status).toList());
        assertEquals(10, responses.get(1).latencyNanos());
    }

    @Test
    void headResponseHasNoBody() {
        assembler.accept(sent(1, Start.REQUEST, 10, "HEAD /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n"));
        assembler.accept(read(1, Start.RESPONSE, 20, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"));
        assembler.accept(read(1, Start.RESPONSE, 30, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"));
        assertEquals(List.of(200, 404), responses.stream().map(HttpResponse::status).toList());
        assertEquals(40, responses.get(0).bytes(), "a HEAD response's Content-Length has no body behind it");
    }

    // --- pairing

    @Test
    void keepAliveResponsesPairInOrder() {
        assembler.accept(sent(1, Start.REQUEST, 100, "GET /a HTTP/1.1\r\nHost: h\r\n\r\n"));
        assembler.accept(read(1, Start.RESPONSE, 130, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        assembler.accept(sent(1, Start.REQUEST, 200, "GET /b HTTP/1.1\r\nHost: h\r\n\r\n"));
        assembler.accept(read(1, Start.RESPONSE, 250, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"));
        assertEquals(2, responses.size());
        HttpResponse first = responses.get(0);
        assertEquals(HttpResponse.READ_BY_CLIENT, first.side());
        assertEquals(200, first.status());
        assertEquals("OK", first.reason());
        assertEquals("HTTP/1.1", first.version());
        assertEquals(30, first.latencyNanos());
        assertEquals("10.0.0.2", first.sourceAddress(), "source is the server");
        assertEquals(80, first.sourcePort());
        assertEquals(40001, first.destinationPort());
        assertEquals(404, responses.get(1).status());
        assertEquals("Not Found", responses.get(1).reason());
        assertEquals(50, responses.get(1).latencyNanos());
        assertEquals(0, assembler.pendingRequests());
    }

    @Test
    void pipelinedRequestsPairFirstInFirstOut() {
        assembler.accept(sent(1, Start.REQUEST, 100, "GET /a HTTP/1.1\r\n\r\n"));
        assembler.accept(sent(1, Start.REQUEST, 110, "GET /b HTTP/1.1\r\n\r\n"));
        assembler.accept(read(1, Start.RESPONSE, 150, "HTTP/1.1 200 A\r\nContent-Length: 0\r\n\r\n"));
        assembler.accept(read(1, Start.RESPONSE, 170, "HTTP/1.1 201 B\r\nContent-Length: 0\r\n\r\n"));
        assertEquals(50, responses.get(0).latencyNanos());
        assertEquals(60, responses.get(1).latencyNanos());
    }

    @Test
    void informationalResponseDoesNotConsumeTheRequest() {
        assembler.accept(sent(1, Start.REQUEST, 100, "POST /a HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n"));
        assembler.accept(read(1, Start.RESPONSE, 105, "HTTP/1.1 100 Continue\r\n\r\n"));
        skip(1, Direction.SENT, 3);
        assembler.accept(read(1, Start.RESPONSE, 120, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        assertEquals(List.of(100, 200), responses.stream().map(HttpResponse::status).toList());
        assertEquals(5, responses.get(0).latencyNanos());
        assertEquals(20, responses.get(1).latencyNanos());
    }

    /**
     * The kernel times a client's responses under a latency threshold and drops the fast
     * one: the slow one answers the request the kernel timed, not the oldest waiting.
     */
    @Test
    void aResponseTheKernelTimedAnswersTheRequestItTimed() {
        assembler.accept(sent(1, Start.REQUEST, 100, "GET /fast HTTP/1.1\r\n\r\n"));
        skip(1, Direction.RECEIVED, 40); // its response, under the threshold: no record
        assembler.accept(sent(1, Start.REQUEST, 600, "HEAD /slow HTTP/1.1\r\n\r\n"));
        byte[] slow = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assembler.accept(piece(1, Direction.RECEIVED, Start.RESPONSE, 700, slow, slow.length, slow.length,
                new Request(599, "HEAD")));
        assembler.accept(sent(1, Start.REQUEST, 800, "GET /next HTTP/1.1\r\n\r\n"));
        assembler.accept(read(1, Start.RESPONSE, 850, "HTTP/1.1 204 No Content\r\n\r\n"));
        assertEquals(List.of(101L, 50L), responses.stream().map(HttpResponse::latencyNanos).toList(),
                "the 204 follows the HEAD response's head: no body behind it");
        assertEquals(0, assembler.pendingRequests());
    }

    @Test
    void serverSideTimesFromTheRequestItRead() {
        assembler.accept(written(5, 103, new Request(100, ""), "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"));
        assertTrue(out.isEmpty(), "a request a server read is not a request this process sent");
        HttpResponse r = responses.get(0);
        assertEquals(HttpResponse.WRITTEN_BY_SERVER, r.side());
        assertEquals(3, r.latencyNanos());
        assertEquals("10.0.0.1", r.sourceAddress(), "source is the server, here the local end");
        assertEquals(40005, r.sourcePort());
        assertEquals("10.0.0.2", r.destinationAddress());
    }

    @Test
    void serverResponseToHeadHasNoBody() {
        assembler.accept(written(5, 103, new Request(100, "HEAD"), "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"));
        assembler.accept(written(5, 203, new Request(200, ""), "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        assertEquals(List.of(40L, 38L), responses.stream().map(HttpResponse::bytes).toList(),
                "the second head follows right after the first: no body behind a HEAD response");
        assertEquals(List.of(3L, 3L), responses.stream().map(HttpResponse::latencyNanos).toList());
    }

    @Test
    void serverResponseWithoutItsRequestHasNoLatency() {
        assembler.accept(written(5, 103, null, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        assertEquals(-1, responses.get(0).latencyNanos());
    }

    @Test
    void requestsOutliveTheCloseALittle() {
        assembler.accept(sent(1, Start.REQUEST, 100, "GET /half-closed HTTP/1.1\r\n\r\n"));
        assembler.close(1, 150);
        assertEquals(1, assembler.pendingRequests());
        // a client that shut down its side reads the response after the close, when its port is 0
        byte[] b = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        Piece late = piece(1, Direction.RECEIVED, Start.RESPONSE, 300, b, b.length, b.length);
        assembler.accept(new Piece(1, Direction.RECEIVED, Start.RESPONSE, late.seq(), late.origin(), "10.0.0.1", 0,
                "10.0.0.2", 80, b, b.length, b.length, null));
        assertEquals(200, responses.get(0).latencyNanos());
        assertEquals(40001, responses.get(0).destinationPort());
        assembler.flushStartedBefore(151);
        assertEquals(0, assembler.connections());
        assertEquals(0, assembler.pending());
    }

    @Test
    void aClosedSocketsAddressComesBackAsANewConnection() {
        assembler.accept(sent(1, Start.REQUEST, 100, "GET /never-answered HTTP/1.1\r\n\r\n"));
        assembler.close(1, 150);
        seq.clear();
        assembler.accept(sent(1, Start.REQUEST, 200, "GET /new HTTP/1.1\r\n\r\n"));
        assembler.accept(read(1, Start.RESPONSE, 300, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        assertEquals(100, responses.get(0).latencyNanos());
        assembler.flushStartedBefore(151);
        assertEquals(0, assembler.pending());
        assertEquals(1, assembler.connections(), "the new connection stays");
    }

    @Test
    void closeReportsAHeadInProgress() {
        assembler.accept(sent(1, Start.REQUEST, 100, "GET /cut HTTP/1.1\r\nHost: h\r\n"));
        assembler.close(1, 200);
        assertEquals(1, out.size());
        assertEquals("/cut", out.get(0).target());
        assertTrue(out.get(0).truncated());
        assertEquals(1, assembler.pending(), "its requests wait a little");
        assembler.flushStartedBefore(201);
        assertEquals(0, assembler.pending());
    }

    @Test
    void tunnelAfterUpgradeIsNotHttp() {
        assembler.accept(sent(1, Start.REQUEST, 100, "GET /ws HTTP/1.1\r\nUpgrade: websocket\r\n\r\n"));
        assembler.accept(read(1, Start.RESPONSE, 110, "HTTP/1.1 101 Switching Protocols\r\n\r\n"));
        assembler.accept(sent(1, Start.REQUEST, 120, "GET /in-the-tunnel HTTP/1.1\r\n\r\n"));
        assertEquals(1, out.size());
        assertEquals(1, responses.size());
    }

    @Test
    void payloadIsRedactedAndBounded() {
        HttpAssembler withPayload = new HttpAssembler(out::add, responses::add, 60);
        Origin o = new Origin(1, 1, "c", "c", 1);
        byte[] head = "GET /p?token=s3cret HTTP/1.1\r\nAuthorization: Bearer abc\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        withPayload.accept(new Piece(9, Direction.SENT, Start.REQUEST, 1, o, "a", 1, "b", 2, head, head.length, head.length,
                null));
        String p = out.get(0).payload();
        assertEquals("GET /p?REDACTED HTTP/1.1\r\nAuthorization: Bearer REDACTED\r\n\r\n", p);
        assertEquals("/p?token=s3cret", out.get(0).target(), "the target field keeps its query, as before");
    }

    @Test
    void headSplitInsideTheMethodAndAByteAtATime() {
        assembler.accept(sent(1, Start.REQUEST, 10, "GE"));
        assembler.accept(sent(1, Start.CONTINUATION, 11, "T /split HTTP/1.1\r\nHost: s\r\n\r\n"));
        String head = "PROPFIND /one HTTP/1.1\r\nHost: b\r\n\r\n";
        assembler.accept(sent(2, Start.REQUEST, 20, head.substring(0, 1)));
        for (int i = 1; i < head.length(); i++) {
            assembler.accept(sent(2, Start.CONTINUATION, 20 + i, head.substring(i, i + 1)));
        }
        assertEquals(2, out.size());
        assertEquals("GET /split s", out.get(0).method() + " " + out.get(0).target() + " " + out.get(0).host());
        assertEquals("PROPFIND /one b", out.get(1).method() + " " + out.get(1).target() + " " + out.get(1).host());
        assertEquals(0, assembler.pending());
    }

    @Test
    void aPrefixThatIsNoRequestIsDropped() {
        assembler.accept(sent(1, Start.REQUEST, 10, "EHLO"));
        assembler.accept(sent(1, Start.CONTINUATION, 11, " mail.example\r\n"));
        assembler.flushStartedBefore(100);
        assertEquals(0, out.size());
    }

    @Test
    void bareLineFeedHead() {
        assembler.accept(sent(1, Start.REQUEST, 10, "GET /lf HTTP/1.1\nHost: lf\n\n"));
        assembler.accept(read(1, Start.RESPONSE, 30, "HTTP/1.1 200 OK\nContent-Length: 2\n\nok"));
        assertEquals("lf", out.get(0).host());
        assertEquals(20, responses.get(0).latencyNanos());
        assertEquals(37, responses.get(0).bytes());
    }

    @Test
    void everyHeadInOnePiece() {
        assembler.accept(sent(1, Start.REQUEST, 10, "GET /1 HTTP/1.1\r\nHost: h\r\n\r\n"
                + "POST /2 HTTP/1.1\r\nContent-Length: 4\r\n\r\nGET GET /3 HTTP/1.1\r\n\r\n"));
        assembler.accept(read(1, Start.RESPONSE, 20, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na"
                + "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nno"));
        assertEquals(List.of("/1", "/2", "/3"), out.stream().map(HttpRequest::target).toList());
        assertEquals(List.of(200, 201, 404), responses.stream().map(HttpResponse::status).toList());
        assertEquals(List.of(10L, 10L, 10L), responses.stream().map(HttpResponse::latencyNanos).toList());
    }

    @Test
    void aLongHeadKeepsItsFieldsAndACutOneSaysSo() {
        String target = "/" + "t".repeat(2026);
        String head = "GET " + target + " HTTP/1.1\r\n" + "X-Pad: " + "p".repeat(10_000) + "\r\nHost: late\r\n\r\n";
        assembler.accept(sent(1, Start.REQUEST, 10, head));
        HttpRequest r = out.get(0);
        assertEquals(target + " HTTP/1.1 late false", r.target() + " " + r.version() + " " + r.host() + " " + r.truncated());
        byte[] b = head.getBytes(StandardCharsets.ISO_8859_1);
        assembler.accept(piece(2, true, 20, b, 512, b.length));
        assertTrue(out.get(1).truncated());
        assertEquals("", out.get(1).version());
    }
}
