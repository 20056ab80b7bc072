package io.netjfr.settings;

import io.netjfr.record.HttpRequest;
import io.netjfr.record.HttpResponse;
import io.netjfr.record.IcmpPacket;
import io.netjfr.record.RecordSink;
import io.netjfr.record.TlsClientHello;

/**
 * record and watch's latency threshold in user space: a response a client read sooner than
 * the threshold after its request is not passed on (the kernel drops a server's, whose
 * latency it knows). One of unknown latency passes.
 */
public final class LatencyFilter implements RecordSink {
    private final RecordSink sink;
    private final long thresholdNanos;

    private LatencyFilter(RecordSink sink, long thresholdNanos) {
        this.sink = sink;
        this.thresholdNanos = thresholdNanos;
    }

    /** {@code sink} itself without a threshold. */
    public static RecordSink of(RecordSink sink, long thresholdNanos) {
        return thresholdNanos > 0 ? new LatencyFilter(sink, thresholdNanos) : sink;
    }

    @Override
    public void icmp(IcmpPacket packet) {
        sink.icmp(packet);
    }

    @Override
    public void http(HttpRequest request) {
        sink.http(request);
    }

    @Override
    public void httpResponse(HttpResponse response) {
        if (passes(response.latencyNanos(), thresholdNanos)) {
            sink.httpResponse(response);
        }
    }

    /** An exchange that took {@code latencyNanos} (negative: unknown) is at least as slow as the threshold. */
    static boolean passes(long latencyNanos, long thresholdNanos) {
        return latencyNanos < 0 || latencyNanos >= thresholdNanos;
    }

    @Override
    public void tlsClientHello(TlsClientHello hello) {
        sink.tlsClientHello(hello);
    }

    @Override
    public void drained() {
        sink.drained();
    }
}
